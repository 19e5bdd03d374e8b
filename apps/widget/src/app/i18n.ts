/**
 * The UI strings of the core bundle in English and Vietnamese: one plain object per language, no
 * library. Parts loaded on demand (forms, FAQ, transcript) carry their own few strings in their
 * chunk, in both languages. `{name}`-style placeholders are filled by `format`.
 */
import { ERRORS, SYSTEM_MESSAGES, type ErrorBody, type ErrorCode, type SystemMessageCode, type WidgetSettings } from '@parley/protocol';

export type Lang = 'en' | 'vi';

const en = {
  openChat: 'Open chat',
  openChatUnread: 'Open chat, {count} unread',
  closeChat: 'Close chat',
  chat: 'Chat',
  chatWith: 'Chat with {name}',
  messages: 'Messages',
  agent: 'Agent',
  loading: 'Loading…',
  connecting: 'Connecting…',
  reconnecting: 'Reconnecting…',
  waiting: 'An agent will be with you shortly',
  active: 'You are chatting with {name}',
  activeNoName: 'An agent has joined',
  closed: 'This conversation has ended. Send a message to start a new one.',
  missed: 'This conversation ended before an agent could join. Send a message to start a new one.',
  offline: 'We have your message and will reply by email.',
  queuePosition: 'You are number {position} in line',
  queueWait: 'about {minutes} min',
  chooseChannel: 'What can we help you with?',
  chooseChannelPrompt: 'Choose a topic',
  channelOffline: '{name} (offline)',
  placeholder: 'Type a message…',
  send: 'Send',
  sending: 'Sending…',
  retry: 'Retry',
  tryAgain: 'Try again',
  typing: '{name} is typing…',
  mute: 'Mute sounds',
  transcript: 'Download transcript',
  searchHelp: 'Search help articles',
  dismiss: 'Dismiss',
  seen: 'Seen',
  peek: 'The agent can see what you type before you send it',
};

export type Strings = typeof en;

const vi: Strings = {
  openChat: 'Mở cuộc trò chuyện',
  openChatUnread: 'Mở cuộc trò chuyện, {count} tin chưa đọc',
  closeChat: 'Đóng cuộc trò chuyện',
  chat: 'Trò chuyện',
  chatWith: 'Trò chuyện với {name}',
  messages: 'Tin nhắn',
  agent: 'Nhân viên hỗ trợ',
  loading: 'Đang tải…',
  connecting: 'Đang kết nối…',
  reconnecting: 'Đang kết nối lại…',
  waiting: 'Nhân viên hỗ trợ sẽ trả lời bạn trong giây lát',
  active: 'Bạn đang trò chuyện với {name}',
  activeNoName: 'Nhân viên hỗ trợ đã tham gia',
  closed: 'Cuộc trò chuyện đã kết thúc. Gửi tin nhắn để bắt đầu cuộc mới.',
  missed: 'Cuộc trò chuyện đã kết thúc trước khi nhân viên hỗ trợ tham gia. Gửi tin nhắn để bắt đầu cuộc mới.',
  offline: 'Chúng tôi đã nhận được lời nhắn và sẽ trả lời bạn qua email.',
  queuePosition: 'Bạn đang ở vị trí thứ {position} trong hàng chờ',
  queueWait: 'khoảng {minutes} phút',
  chooseChannel: 'Chúng tôi có thể giúp gì cho bạn?',
  chooseChannelPrompt: 'Chọn chủ đề',
  channelOffline: '{name} (ngoại tuyến)',
  placeholder: 'Nhập tin nhắn…',
  send: 'Gửi',
  sending: 'Đang gửi…',
  retry: 'Gửi lại',
  tryAgain: 'Thử lại',
  typing: '{name} đang soạn tin…',
  mute: 'Tắt âm thanh',
  transcript: 'Tải nội dung trò chuyện',
  searchHelp: 'Tìm bài viết trợ giúp',
  dismiss: 'Đóng',
  seen: 'Đã xem',
  peek: 'Nhân viên hỗ trợ thấy được nội dung bạn nhập trước khi gửi',
};

/** Error texts in Vietnamese; typed against the catalogue so a new code cannot be forgotten. */
const viErrors: Record<ErrorCode, string> = {
  VALIDATION: 'Yêu cầu không hợp lệ.',
  UNAUTHORIZED: 'Phiên trò chuyện đã hết hạn. Vui lòng tải lại trang.',
  FORBIDDEN: 'Bạn không có quyền thực hiện thao tác này.',
  ORIGIN_NOT_ALLOWED: 'Trang web này không được phép dùng khung trò chuyện.',
  URL_NOT_ALLOWED: 'Địa chỉ này không thể nhận webhook: đó là địa chỉ nội bộ, riêng hoặc dành riêng.',
  NOT_FOUND: 'Không tìm thấy.',
  CONFLICT: 'Thao tác xung đột với trạng thái hiện tại.',
  QUEUE_FULL: 'Tất cả nhân viên đều đang bận và hàng chờ đã đầy. Vui lòng để lại lời nhắn.',
  PAYLOAD_TOO_LARGE: 'Nội dung quá lớn.',
  RATE_LIMITED: 'Bạn thao tác quá nhanh. Vui lòng thử lại sau giây lát.',
  INTERNAL: 'Đã có lỗi xảy ra từ phía chúng tôi.',
  UNAVAILABLE: 'Dịch vụ tạm thời không khả dụng. Vui lòng thử lại sau.',
};

export const strings: Record<Lang, Strings> = { en, vi };

/** A chunk's own strings, one object per language, typed so both have the same keys. */
export type Texts<T extends Record<string, string>> = Record<Lang, T>;

/** Fills `{key}` placeholders. */
export function format(template: string, values: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (match, key: string) => String(values[key] ?? match));
}

/** 'vi', 'vi-VN', 'VI' → 'vi'; 'en', 'en-GB' → 'en'; anything else → null. */
function parseLang(value: string | null | undefined): Lang | null {
  const tag = value?.toLowerCase() ?? '';
  if (tag.startsWith('vi')) return 'vi';
  if (tag.startsWith('en')) return 'en';
  return null;
}

/**
 * The widget language: the script's `data-lang`, else the site's setting unless 'auto', else
 * Vietnamese when the browser prefers it, else English.
 */
export function chooseLanguage(
  attribute: string | null,
  siteLanguage: WidgetSettings['language'] | null,
  browserLanguage: string | undefined,
): Lang {
  return (
    parseLang(attribute) ??
    (siteLanguage && siteLanguage !== 'auto' ? siteLanguage : null) ??
    (parseLang(browserLanguage) === 'vi' ? 'vi' : 'en')
  );
}

/** The text shown for an error: translated in Vietnamese; in English the server's own message. */
export function errorText(lang: Lang, error: ErrorBody): string {
  if (lang === 'vi') return viErrors[error.code] ?? viErrors.INTERNAL;
  return error.message || ERRORS[error.code]?.message || ERRORS.INTERNAL.message;
}

/** System messages arrive as codes (see SYSTEM_MESSAGES) and are worded here, per language. */
const systemTexts: Record<Lang, Record<SystemMessageCode, string>> = {
  en: {
    [SYSTEM_MESSAGES.agentJoined]: '{name} joined the chat',
    [SYSTEM_MESSAGES.conversationClosedByAgent]: '{name} ended the chat',
    [SYSTEM_MESSAGES.conversationClosedByVisitor]: 'You ended the chat',
    [SYSTEM_MESSAGES.transferredToAgent]: '{name} passed your chat to a colleague',
    [SYSTEM_MESSAGES.transferredToChannel]: 'Your chat was moved to {name}',
    [SYSTEM_MESSAGES.requeued]: '{name} left the chat. You are back in line for the next agent',
    [SYSTEM_MESSAGES.reopened]: '{name} reopened the chat',
    [SYSTEM_MESSAGES.missed]: 'The chat ended before an agent could join',
  },
  vi: {
    [SYSTEM_MESSAGES.agentJoined]: '{name} đã tham gia cuộc trò chuyện',
    [SYSTEM_MESSAGES.conversationClosedByAgent]: '{name} đã kết thúc cuộc trò chuyện',
    [SYSTEM_MESSAGES.conversationClosedByVisitor]: 'Bạn đã kết thúc cuộc trò chuyện',
    [SYSTEM_MESSAGES.transferredToAgent]: '{name} đã chuyển cuộc trò chuyện cho đồng nghiệp',
    [SYSTEM_MESSAGES.transferredToChannel]: 'Cuộc trò chuyện đã được chuyển sang {name}',
    [SYSTEM_MESSAGES.requeued]: '{name} đã rời cuộc trò chuyện. Bạn đã quay lại hàng chờ nhân viên tiếp theo',
    [SYSTEM_MESSAGES.reopened]: '{name} đã mở lại cuộc trò chuyện',
    [SYSTEM_MESSAGES.missed]: 'Cuộc trò chuyện đã kết thúc trước khi nhân viên hỗ trợ tham gia',
  },
};

/** The wording of a system message; unknown codes (from a newer server) are shown as sent. */
export function systemText(lang: Lang, code: string, name: string | null): string {
  const template = (systemTexts[lang] as Record<string, string>)[code];
  return template ? format(template, { name: name ?? strings[lang].agent }) : code;
}

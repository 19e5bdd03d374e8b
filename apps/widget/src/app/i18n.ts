/**
 * Every UI string in English and Vietnamese: one plain object per language, no library.
 * `{name}`-style placeholders are filled by `format`.
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
  left: 'We will reply here as soon as we can.',
  chooseChannel: 'What can we help you with?',
  chooseChannelPrompt: 'Choose a topic',
  placeholder: 'Type a message…',
  send: 'Send',
  sending: 'Sending…',
  retry: 'Retry',
  tryAgain: 'Try again',
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
  left: 'Chúng tôi sẽ trả lời tại đây sớm nhất có thể.',
  chooseChannel: 'Chúng tôi có thể giúp gì cho bạn?',
  chooseChannelPrompt: 'Chọn chủ đề',
  placeholder: 'Nhập tin nhắn…',
  send: 'Gửi',
  sending: 'Đang gửi…',
  retry: 'Gửi lại',
  tryAgain: 'Thử lại',
};

/** Error texts in Vietnamese; typed against the catalogue so a new code cannot be forgotten. */
const viErrors: Record<ErrorCode, string> = {
  VALIDATION: 'Yêu cầu không hợp lệ.',
  UNAUTHORIZED: 'Phiên trò chuyện đã hết hạn. Vui lòng tải lại trang.',
  FORBIDDEN: 'Bạn không có quyền thực hiện thao tác này.',
  ORIGIN_NOT_ALLOWED: 'Trang web này không được phép dùng khung trò chuyện.',
  NOT_FOUND: 'Không tìm thấy.',
  CONFLICT: 'Thao tác xung đột với trạng thái hiện tại.',
  QUEUE_FULL: 'Tất cả nhân viên đều đang bận và hàng chờ đã đầy. Vui lòng để lại lời nhắn.',
  PAYLOAD_TOO_LARGE: 'Nội dung quá lớn.',
  RATE_LIMITED: 'Bạn thao tác quá nhanh. Vui lòng thử lại sau giây lát.',
  INTERNAL: 'Đã có lỗi xảy ra từ phía chúng tôi.',
  UNAVAILABLE: 'Dịch vụ tạm thời không khả dụng. Vui lòng thử lại sau.',
};

export const strings: Record<Lang, Strings> = { en, vi };

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
  },
  vi: {
    [SYSTEM_MESSAGES.agentJoined]: '{name} đã tham gia cuộc trò chuyện',
    [SYSTEM_MESSAGES.conversationClosedByAgent]: '{name} đã kết thúc cuộc trò chuyện',
    [SYSTEM_MESSAGES.conversationClosedByVisitor]: 'Bạn đã kết thúc cuộc trò chuyện',
  },
};

/** The wording of a system message; unknown codes (from a newer server) are shown as sent. */
export function systemText(lang: Lang, code: string, name: string | null): string {
  const template = (systemTexts[lang] as Record<string, string>)[code];
  return template ? format(template, { name: name ?? strings[lang].agent }) : code;
}

/**
 * UI strings of the console. One plain object per language; `vi` is typed against `en`, so a
 * missing translation is a compile error rather than a blank label.
 */
import {
  SYSTEM_MESSAGES,
  type AgentStatus,
  type ConversationStatus,
  type RoutingMode,
  type SystemMessageCode,
} from '@parley/protocol';
import { INBOX_EN, INBOX_VI } from './i18n-inbox.ts';

/** Supported UI languages; the first is the fallback. */
export const LANGUAGES = ['en', 'vi'] as const;
export type Language = (typeof LANGUAGES)[number];

/** localStorage key of the agent's chosen UI language. */
export const LANGUAGE_STORAGE_KEY = 'parley:lang';

const en = {
  appTitle: 'Parley Console',
  titleWithUnread: (count: number) => `(${count}) Parley Console`,
  language: 'Language',
  login: {
    heading: 'Sign in to Parley',
    email: 'Email',
    password: 'Password',
    submit: 'Sign in',
    submitting: 'Signing in…',
  },
  restoring: 'Loading…',
  logout: 'Log out',
  connection: {
    connecting: 'Connecting…',
    reconnecting: 'Reconnecting…',
    failed: 'Cannot connect to the server.',
    retry: 'Try again',
  },
  list: {
    heading: 'Conversations',
    loading: 'Loading conversations…',
    empty: 'No conversations',
    unread: 'New messages',
    noMessages: 'No messages yet',
    channelFilter: 'Filter by channel',
    allChannels: 'All channels',
    claim: 'Claim',
    claiming: 'Claiming…',
    withAgent: (name: string) => `with ${name}`,
  },
  sections: {
    waiting: 'Waiting',
    mine: 'Mine',
    active: 'Active (others)',
    offline: 'Offline messages',
    closed: 'Closed',
  },
  presence: {
    label: 'Your status',
    status: { online: 'Online', away: 'Away', offline: 'Offline' } satisfies Record<AgentStatus, string>,
    chats: 'chats',
    loadTitle: (active: number, max: number) => `${active} of at most ${max} chats at once`,
    atCapacity: 'At capacity: no new chats are assigned to you',
  },
  queues: {
    heading: 'Queues',
    loading: 'Loading queues…',
    total: 'Waiting in total',
    waitingTitle: (waiting: number, max: number) => `${waiting} waiting, at most ${max}`,
    full: 'Queue full: new visitors are offered the offline form',
    routing: { auto: 'Auto', manual: 'Manual' } satisfies Record<RoutingMode, string>,
    routingTitle: {
      auto: 'Auto routing: chats are assigned to available agents',
      manual: 'Manual routing: agents claim chats from the queue',
    } satisfies Record<RoutingMode, string>,
    agentsOnlineTitle: (count: number) => (count === 1 ? '1 agent online' : `${count} agents online`),
  },
  status: {
    waiting: 'Waiting',
    active: 'Active',
    closed: 'Closed',
    missed: 'Missed',
    offline: 'Offline message',
  } satisfies Record<ConversationStatus, string>,
  visitor: 'Visitor',
  time: {
    justNow: 'just now',
  },
  view: {
    empty: 'Select a conversation to start.',
    loading: 'Loading messages…',
    back: 'Back',
    close: 'Close conversation',
    closing: 'Closing…',
    ended: 'This conversation has ended.',
    noEmail: 'No email',
    note: 'Note',
    bot: 'Bot',
    sending: 'Sending…',
    sent: 'Sent',
    failed: 'Not sent',
    retry: 'Retry',
    waitingNote: 'This visitor is waiting for an agent. Claim the chat, or reply, to take it.',
    assignedTo: (name: string) => `Assigned to ${name}`,
    transfer: 'Transfer',
    offlineHeading: 'Offline message',
    offlineIntro: 'Left through the offline form while no agent was available. The visitor is not connected: reply by email.',
    replyByEmail: 'Reply by email',
    offlineNoEmail: 'The visitor left no email address.',
  },
  transfer: {
    heading: 'Transfer conversation',
    toAgent: 'To an agent',
    toChannel: 'Or to a channel',
    chooseAgent: '— Choose an agent —',
    chooseChannel: '— Choose a channel —',
    loadingAgents: 'Loading agents…',
    noAgents: 'No other agents on this site',
    agentOption: (name: string, status: string, active: number, max: number) => `${name} — ${status} · ${active} / ${max}`,
    full: 'full',
    channelOption: (name: string, online: boolean) => (online ? name : `${name} (no agent online)`),
    note: 'Note for the receiver (optional)',
    notePlaceholder: 'Only agents see this note',
    hint: 'If the receiver has no free capacity, the chat waits in line for them.',
    pickOne: 'Choose an agent or a channel.',
    submit: 'Transfer',
    submitting: 'Transferring…',
    cancel: 'Cancel',
  },
  sidebar: {
    label: 'Inbox and visitors',
    conversations: 'Conversations',
    visitors: 'Visitors online',
  },
  identity: {
    verified: 'Verified',
    unverified: 'Unverified',
    verifiedTitle: "Verified: the site's backend confirmed this visitor's identity (signed token).",
    unverifiedTitle: 'Unverified: the name and email were typed by the visitor and have not been confirmed.',
  },
  visitors: {
    heading: 'Visitors online',
    refresh: 'Refresh',
    refreshing: 'Refreshing…',
    loading: 'Loading visitors…',
    empty: 'No visitors on this site right now.',
    noEmail: 'No email',
    noPage: 'Page unknown',
    pageTitle: (url: string) => `Current page: ${url}`,
    seenAgo: (value: number, unit: 's' | 'm' | 'h' | 'd') => `seen ${value}${unit} ago`,
    count: (count: number) => (count === 1 ? '1 visitor online' : `${count} visitors online`),
    openConversation: 'Open conversation',
    startChat: 'Start chat',
    formLabel: (name: string) => `Start a chat with ${name}`,
    channel: 'Channel',
    message: 'First message',
    messagePlaceholder: 'The visitor sees this at once, and the chat is assigned to you.',
    submit: 'Send',
    submitting: 'Starting…',
    cancel: 'Cancel',
    unavailable: 'You are not online or are at capacity: starting a chat will be refused.',
  },
  composer: {
    placeholder: 'Type a reply… (Enter to send, Shift+Enter for a new line)',
    notePlaceholder: 'Write an internal note… only agents see it',
    internal: 'Internal note',
    send: 'Send',
    addNote: 'Add note',
    remaining: (count: number) => `${count} characters left`,
  },
  errors: {
    network: 'Cannot reach the server. Check your connection and try again.',
    noResponse: 'The server did not answer. Try again.',
  },
  inbox: INBOX_EN,
};

export type Messages = typeof en;

const vi: Messages = {
  appTitle: 'Parley Console',
  titleWithUnread: (count: number) => `(${count}) Parley Console`,
  language: 'Ngôn ngữ',
  login: {
    heading: 'Đăng nhập Parley',
    email: 'Email',
    password: 'Mật khẩu',
    submit: 'Đăng nhập',
    submitting: 'Đang đăng nhập…',
  },
  restoring: 'Đang tải…',
  logout: 'Đăng xuất',
  connection: {
    connecting: 'Đang kết nối…',
    reconnecting: 'Đang kết nối lại…',
    failed: 'Không thể kết nối tới máy chủ.',
    retry: 'Thử lại',
  },
  list: {
    heading: 'Cuộc trò chuyện',
    loading: 'Đang tải cuộc trò chuyện…',
    empty: 'Không có cuộc trò chuyện nào',
    unread: 'Tin nhắn mới',
    noMessages: 'Chưa có tin nhắn',
    channelFilter: 'Lọc theo kênh',
    allChannels: 'Tất cả kênh',
    claim: 'Nhận',
    claiming: 'Đang nhận…',
    withAgent: (name: string) => `với ${name}`,
  },
  sections: {
    waiting: 'Đang chờ',
    mine: 'Của tôi',
    active: 'Đang xử lý (người khác)',
    offline: 'Tin nhắn ngoại tuyến',
    closed: 'Đã đóng',
  },
  presence: {
    label: 'Trạng thái của bạn',
    status: { online: 'Trực tuyến', away: 'Vắng mặt', offline: 'Ngoại tuyến' },
    chats: 'cuộc trò chuyện',
    loadTitle: (active: number, max: number) => `Đang xử lý ${active} trên tối đa ${max} cuộc trò chuyện cùng lúc`,
    atCapacity: 'Đã đủ tải: bạn sẽ không được giao thêm cuộc trò chuyện mới',
  },
  queues: {
    heading: 'Hàng chờ',
    loading: 'Đang tải hàng chờ…',
    total: 'Tổng số đang chờ',
    waitingTitle: (waiting: number, max: number) => `${waiting} đang chờ, tối đa ${max}`,
    full: 'Hàng chờ đã đầy: khách mới sẽ được mời để lại tin nhắn',
    routing: { auto: 'Tự động', manual: 'Thủ công' },
    routingTitle: {
      auto: 'Phân bổ tự động: cuộc trò chuyện được giao cho nhân viên đang rảnh',
      manual: 'Phân bổ thủ công: nhân viên tự nhận cuộc trò chuyện từ hàng chờ',
    },
    agentsOnlineTitle: (count: number) => `${count} nhân viên đang trực tuyến`,
  },
  status: {
    waiting: 'Đang chờ',
    active: 'Đang xử lý',
    closed: 'Đã đóng',
    missed: 'Bị lỡ',
    offline: 'Tin nhắn ngoại tuyến',
  },
  visitor: 'Khách',
  time: {
    justNow: 'vừa xong',
  },
  view: {
    empty: 'Chọn một cuộc trò chuyện để bắt đầu.',
    loading: 'Đang tải tin nhắn…',
    back: 'Quay lại',
    close: 'Đóng cuộc trò chuyện',
    closing: 'Đang đóng…',
    ended: 'Cuộc trò chuyện này đã kết thúc.',
    noEmail: 'Không có email',
    note: 'Ghi chú',
    bot: 'Bot',
    sending: 'Đang gửi…',
    sent: 'Đã gửi',
    failed: 'Chưa gửi được',
    retry: 'Gửi lại',
    waitingNote: 'Khách đang chờ nhân viên. Hãy nhận hoặc trả lời để phụ trách cuộc trò chuyện.',
    assignedTo: (name: string) => `Do ${name} phụ trách`,
    transfer: 'Chuyển',
    offlineHeading: 'Tin nhắn ngoại tuyến',
    offlineIntro: 'Được để lại qua biểu mẫu ngoại tuyến khi không có nhân viên trực. Khách không còn kết nối: hãy trả lời qua email.',
    replyByEmail: 'Trả lời qua email',
    offlineNoEmail: 'Khách không để lại địa chỉ email.',
  },
  transfer: {
    heading: 'Chuyển cuộc trò chuyện',
    toAgent: 'Cho một nhân viên',
    toChannel: 'Hoặc sang một kênh',
    chooseAgent: '— Chọn nhân viên —',
    chooseChannel: '— Chọn kênh —',
    loadingAgents: 'Đang tải danh sách nhân viên…',
    noAgents: 'Trang này không có nhân viên nào khác',
    agentOption: (name: string, status: string, active: number, max: number) => `${name} — ${status} · ${active} / ${max}`,
    full: 'đã đủ tải',
    channelOption: (name: string, online: boolean) => (online ? name : `${name} (không có nhân viên trực tuyến)`),
    note: 'Ghi chú cho người nhận (không bắt buộc)',
    notePlaceholder: 'Chỉ nhân viên thấy ghi chú này',
    hint: 'Nếu người nhận đã đủ tải, cuộc trò chuyện sẽ chờ trong hàng đợi của họ.',
    pickOne: 'Hãy chọn một nhân viên hoặc một kênh.',
    submit: 'Chuyển',
    submitting: 'Đang chuyển…',
    cancel: 'Hủy',
  },
  sidebar: {
    label: 'Hộp thư và khách truy cập',
    conversations: 'Cuộc trò chuyện',
    visitors: 'Khách đang truy cập',
  },
  identity: {
    verified: 'Đã xác minh',
    unverified: 'Chưa xác minh',
    verifiedTitle: 'Đã xác minh: hệ thống của trang web đã xác nhận danh tính của khách này (mã có chữ ký).',
    unverifiedTitle: 'Chưa xác minh: tên và email do khách tự nhập và chưa được xác nhận.',
  },
  visitors: {
    heading: 'Khách đang truy cập',
    refresh: 'Làm mới',
    refreshing: 'Đang làm mới…',
    loading: 'Đang tải danh sách khách…',
    empty: 'Hiện không có khách nào trên trang này.',
    noEmail: 'Không có email',
    noPage: 'Không rõ trang',
    pageTitle: (url: string) => `Trang hiện tại: ${url}`,
    seenAgo: (value: number, unit: 's' | 'm' | 'h' | 'd') =>
      `hoạt động ${value} ${{ s: 'giây', m: 'phút', h: 'giờ', d: 'ngày' }[unit]} trước`,
    count: (count: number) => `${count} khách đang truy cập`,
    openConversation: 'Mở cuộc trò chuyện',
    startChat: 'Bắt đầu trò chuyện',
    formLabel: (name: string) => `Bắt đầu trò chuyện với ${name}`,
    channel: 'Kênh',
    message: 'Tin nhắn đầu tiên',
    messagePlaceholder: 'Khách sẽ thấy tin nhắn này ngay, và cuộc trò chuyện được giao cho bạn.',
    submit: 'Gửi',
    submitting: 'Đang bắt đầu…',
    cancel: 'Hủy',
    unavailable: 'Bạn đang không trực tuyến hoặc đã đủ tải: yêu cầu bắt đầu trò chuyện sẽ bị từ chối.',
  },
  composer: {
    placeholder: 'Nhập câu trả lời… (Enter để gửi, Shift+Enter để xuống dòng)',
    notePlaceholder: 'Viết ghi chú nội bộ… chỉ nhân viên thấy',
    internal: 'Ghi chú nội bộ',
    send: 'Gửi',
    addNote: 'Thêm ghi chú',
    remaining: (count: number) => `Còn ${count} ký tự`,
  },
  errors: {
    network: 'Không kết nối được máy chủ. Kiểm tra kết nối mạng rồi thử lại.',
    noResponse: 'Máy chủ không phản hồi. Vui lòng thử lại.',
  },
  inbox: INBOX_VI,
};

/** All UI strings, by language. */
export const MESSAGES: Record<Language, Messages> = { en, vi };

/** Native names, so an agent can find their language whatever the current one is. */
export const LANGUAGE_NAMES: Record<Language, string> = { en: 'English', vi: 'Tiếng Việt' };

/**
 * Picks the UI language: the agent's stored choice wins, else the browser's language
 * (any `vi-*` means Vietnamese), else English.
 */
export function detectLanguage(stored: string | null, navigatorLanguage: string | undefined): Language {
  if (stored === 'en' || stored === 'vi') return stored;
  return navigatorLanguage?.toLowerCase().startsWith('vi') ? 'vi' : 'en';
}

/**
 * System messages arrive as codes (see SYSTEM_MESSAGES) and are worded here, per language. The
 * name is the message's `authorName`; it is null where it is not known (list previews), and
 * every wording reads well without it.
 */
type SystemWording = (name: string | null) => string;
const SYSTEM_TEXTS: Record<Language, Record<SystemMessageCode, SystemWording>> = {
  en: {
    [SYSTEM_MESSAGES.agentJoined]: (name) => (name ? `${name} joined the chat` : 'An agent joined the chat'),
    [SYSTEM_MESSAGES.conversationClosedByAgent]: (name) =>
      name ? `${name} closed the conversation` : 'An agent closed the conversation',
    [SYSTEM_MESSAGES.conversationClosedByVisitor]: () => 'The visitor ended the chat',
    [SYSTEM_MESSAGES.transferredToAgent]: (name) =>
      name ? `${name} transferred the conversation` : 'The conversation was transferred',
    [SYSTEM_MESSAGES.transferredToChannel]: (name) =>
      name ? `Transferred to ${name}` : 'The conversation was transferred to another channel',
    [SYSTEM_MESSAGES.requeued]: () => 'The agent left; the conversation is waiting again',
    [SYSTEM_MESSAGES.reopened]: (name) => (name ? `${name} reopened the conversation` : 'The conversation was reopened'),
    [SYSTEM_MESSAGES.missed]: () => 'The visitor left before an agent joined',
  },
  vi: {
    [SYSTEM_MESSAGES.agentJoined]: (name) =>
      name ? `${name} đã tham gia cuộc trò chuyện` : 'Một nhân viên đã tham gia cuộc trò chuyện',
    [SYSTEM_MESSAGES.conversationClosedByAgent]: (name) =>
      name ? `${name} đã đóng cuộc trò chuyện` : 'Một nhân viên đã đóng cuộc trò chuyện',
    [SYSTEM_MESSAGES.conversationClosedByVisitor]: () => 'Khách đã kết thúc cuộc trò chuyện',
    [SYSTEM_MESSAGES.transferredToAgent]: (name) =>
      name ? `${name} đã chuyển cuộc trò chuyện` : 'Cuộc trò chuyện đã được chuyển',
    [SYSTEM_MESSAGES.transferredToChannel]: (name) =>
      name ? `Đã chuyển sang ${name}` : 'Cuộc trò chuyện đã được chuyển sang kênh khác',
    [SYSTEM_MESSAGES.requeued]: () => 'Nhân viên đã rời đi; cuộc trò chuyện đang chờ lại',
    [SYSTEM_MESSAGES.reopened]: (name) =>
      name ? `${name} đã mở lại cuộc trò chuyện` : 'Cuộc trò chuyện đã được mở lại',
    [SYSTEM_MESSAGES.missed]: () => 'Khách đã rời đi trước khi có nhân viên tham gia',
  },
};

/** The wording of a system message; unknown codes (from a newer server) are shown as sent. */
export function systemText(lang: Language, code: string, name: string | null): string {
  const word = (SYSTEM_TEXTS[lang] as Record<string, SystemWording | undefined>)[code];
  return word ? word(name?.trim() || null) : code;
}

/**
 * The name to word a system message with in a list preview, where only the conversation is
 * known: the assigned agent for joins, closes and reopens, the (new) channel for channel transfers, and
 * nothing where the conversation does not tell (who transferred it).
 */
export function previewSystemName(
  code: string,
  conversation: { agentName: string | null; channelName: string },
): string | null {
  switch (code) {
    case SYSTEM_MESSAGES.agentJoined:
    case SYSTEM_MESSAGES.conversationClosedByAgent:
    case SYSTEM_MESSAGES.reopened:
      return conversation.agentName;
    case SYSTEM_MESSAGES.transferredToChannel:
      return conversation.channelName;
    default:
      return null;
  }
}

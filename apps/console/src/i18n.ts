/**
 * UI strings of the console. One plain object per language; `vi` is typed against `en`, so a
 * missing translation is a compile error rather than a blank label.
 */
import { SYSTEM_MESSAGES, type ConversationStatus, type SystemMessageCode } from '@parley/protocol';

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
  },
  sections: {
    waiting: 'Waiting',
    active: 'Active',
    closed: 'Closed',
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
    sending: 'Sending…',
    sent: 'Sent',
    failed: 'Not sent',
    retry: 'Retry',
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
  },
  sections: {
    waiting: 'Đang chờ',
    active: 'Đang xử lý',
    closed: 'Đã đóng',
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
    sending: 'Đang gửi…',
    sent: 'Đã gửi',
    failed: 'Chưa gửi được',
    retry: 'Gửi lại',
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

/** System messages arrive as codes (see SYSTEM_MESSAGES) and are worded here, per language. */
const SYSTEM_TEXTS: Record<Language, Record<SystemMessageCode, (name: string) => string>> = {
  en: {
    [SYSTEM_MESSAGES.agentJoined]: (name) => `${name} joined the chat`,
    [SYSTEM_MESSAGES.conversationClosedByAgent]: (name) => `${name} closed the conversation`,
    [SYSTEM_MESSAGES.conversationClosedByVisitor]: () => 'The visitor ended the chat',
  },
  vi: {
    [SYSTEM_MESSAGES.agentJoined]: (name) => `${name} đã tham gia cuộc trò chuyện`,
    [SYSTEM_MESSAGES.conversationClosedByAgent]: (name) => `${name} đã đóng cuộc trò chuyện`,
    [SYSTEM_MESSAGES.conversationClosedByVisitor]: () => 'Khách đã kết thúc cuộc trò chuyện',
  },
};

/** The wording of a system message; unknown codes (from a newer server) are shown as sent. */
export function systemText(lang: Language, code: string, name: string | null): string {
  const word = (SYSTEM_TEXTS[lang] as Record<string, ((name: string) => string) | undefined>)[code];
  return word ? word(name ?? '') : code;
}

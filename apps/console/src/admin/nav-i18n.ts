/**
 * Strings of the top navigation (loaded with the console, so kept apart from the settings' own
 * strings in i18n.ts, which load with the settings). Same style as src/i18n.ts; the language is
 * the console's own, from its context.
 */
import { useI18n } from '../i18n-context.ts';
import type { Language } from '../i18n.ts';

const en = {
  label: 'Main',
  inbox: 'Inbox',
  dashboard: 'Dashboard',
  settings: 'Settings',
  loading: 'Loading…',
  loadFailed: 'This page could not be loaded. The console may have been updated: reload the page.',
  reload: 'Reload',
};

export type NavMessages = typeof en;

const vi: NavMessages = {
  label: 'Chính',
  inbox: 'Hộp thư',
  dashboard: 'Bảng số liệu',
  settings: 'Cài đặt',
  loading: 'Đang tải…',
  loadFailed: 'Không tải được trang này. Có thể bảng điều khiển vừa được cập nhật: hãy tải lại trang.',
  reload: 'Tải lại',
};

export const NAV_MESSAGES: Record<Language, NavMessages> = { en, vi };

/** The navigation strings in the console's current language. */
export function useNavText(): NavMessages {
  return NAV_MESSAGES[useI18n().lang];
}

/** Makes the current language and its strings available to every component. */
import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import { MESSAGES, type Language, type Messages } from './i18n.ts';

export interface I18n {
  lang: Language;
  t: Messages;
  setLang(lang: Language): void;
}

/** Provided once by App; the default only serves components rendered outside it (tests). */
export const I18nContext = createContext<I18n>({ lang: 'en', t: MESSAGES.en, setLang: () => {} });

/** The current language, its strings, and the setter the language switcher uses. */
export function useI18n(): I18n {
  return useContext(I18nContext);
}

import { LANGUAGES, LANGUAGE_NAMES, type Language } from '../i18n.ts';
import { useI18n } from '../i18n-context.ts';

/** A small select that switches the UI language and remembers the choice. */
export function LanguageSwitcher() {
  const { lang, t, setLang } = useI18n();
  return (
    <select
      class="language-switcher"
      aria-label={t.language}
      data-testid="language"
      value={lang}
      onChange={(e) => setLang(e.currentTarget.value as Language)}
    >
      {LANGUAGES.map((code) => (
        <option key={code} value={code} lang={code}>
          {LANGUAGE_NAMES[code]}
        </option>
      ))}
    </select>
  );
}

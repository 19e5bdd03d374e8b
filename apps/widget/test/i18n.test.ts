import { ERRORS, SYSTEM_MESSAGES } from '@parley/protocol';
import { describe, expect, it } from 'vitest';
import { faqTexts } from '../src/app/components/Faq.tsx';
import { formTexts } from '../src/app/components/forms.tsx';
import { surveyTexts } from '../src/app/components/Survey.tsx';
import { chooseLanguage, errorText, format, strings, systemText, type Texts } from '../src/app/i18n.ts';

describe('chooseLanguage', () => {
  it('prefers the data-lang attribute over everything', () => {
    expect(chooseLanguage('vi', 'en', 'en-US')).toBe('vi');
    expect(chooseLanguage('en-GB', 'vi', 'vi-VN')).toBe('en');
  });

  it("uses the site's language unless it is 'auto'", () => {
    expect(chooseLanguage(null, 'vi', 'en-US')).toBe('vi');
    expect(chooseLanguage(null, 'auto', 'en-US')).toBe('en');
  });

  it('falls back to the browser: Vietnamese when it starts with vi, else English', () => {
    expect(chooseLanguage(null, 'auto', 'vi-VN')).toBe('vi');
    expect(chooseLanguage('fr', null, 'de-DE')).toBe('en');
    expect(chooseLanguage(null, null, undefined)).toBe('en');
  });
});

const placeholders = (s: string) => s.match(/\{\w+\}/g) ?? [];

/** Every English string has a Vietnamese one with the same placeholders (and no stray keys either way). */
function expectBothLanguages(table: Texts<Record<string, string>>, name: string): void {
  expect(Object.keys(table.vi).sort(), name).toEqual(Object.keys(table.en).sort());
  for (const key of Object.keys(table.en)) {
    expect(table.vi[key], `${name}.${key}`).toBeTruthy();
    expect(placeholders(table.vi[key]!), `${name}.${key}`).toEqual(placeholders(table.en[key]!));
  }
}

describe('strings', () => {
  it('has every English string in Vietnamese, with the same placeholders', () => {
    expectBothLanguages(strings, 'core');
  });

  it('does the same for the strings the lazily loaded chunks carry', () => {
    expectBothLanguages(formTexts, 'forms');
    expectBothLanguages(faqTexts, 'faq');
    expectBothLanguages(surveyTexts, 'survey');
    // "|"-separated lists (star labels, the ends of a scale) have as many items in both languages.
    for (const key of ['csatLabels', 'npsEnds', 'cesEnds'] as const) {
      expect(surveyTexts.vi[key].split('|').length, key).toBe(surveyTexts.en[key].split('|').length);
    }
    expect(surveyTexts.en.csatLabels.split('|')).toHaveLength(5);
  });

  it('writes Vietnamese in precomposed form (NFC), as it is typed and searched', () => {
    for (const table of [strings.vi, formTexts.vi, faqTexts.vi, surveyTexts.vi]) {
      for (const text of Object.values(table)) expect(text.normalize('NFC')).toBe(text);
    }
  });

  it('fills placeholders', () => {
    expect(format(strings.en.active, { name: 'Mai' })).toBe('You are chatting with Mai');
  });

  it("shows the server's error message in English and a translation in Vietnamese", () => {
    const error = { code: 'ORIGIN_NOT_ALLOWED' as const, message: ERRORS.ORIGIN_NOT_ALLOWED.message };
    expect(errorText('en', error)).toBe(ERRORS.ORIGIN_NOT_ALLOWED.message);
    expect(errorText('vi', error)).toMatch(/không được phép/);
  });
});

describe('systemText', () => {
  it('words every system message in both languages, with the name filled in', () => {
    for (const lang of ['en', 'vi'] as const) {
      for (const code of Object.values(SYSTEM_MESSAGES)) {
        const text = systemText(lang, code, 'Mai');
        expect(text, `${lang} ${code}`).not.toBe(code);
        expect(text, `${lang} ${code}`).not.toMatch(/\{\w+\}/);
      }
    }
    expect(systemText('en', SYSTEM_MESSAGES.transferredToChannel, 'Billing')).toBe('Your chat was moved to Billing');
    expect(systemText('vi', SYSTEM_MESSAGES.requeued, 'Mai')).toMatch(/^Mai /);
  });
});

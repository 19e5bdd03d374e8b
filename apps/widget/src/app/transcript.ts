/**
 * The transcript the visitor can download, in a chunk of its own (imported on click): plain text,
 * one line per message, "[HH:MM] Name: text", with a date line whenever the day changes. Times
 * come from the browser's built-in Intl.DateTimeFormat, in the visitor's time zone.
 */
import type { Message } from '@parley/protocol';
import { format, strings, systemText, type Lang, type Texts } from './i18n.ts';
import type { WidgetState } from './store.ts';

const texts: Texts<{ you: string }> = { en: { you: 'You' }, vi: { you: 'Bạn' } };

export interface TranscriptOptions {
  siteName: string;
  lang: Lang;
  /** An IANA zone; the browser's own when omitted. */
  timeZone?: string;
}

/** The transcript text of a conversation's messages (in seq order); internal notes never appear. */
export function formatTranscript(messages: readonly Message[], { siteName, lang, timeZone }: TranscriptOptions): string {
  const t = strings[lang];
  const locale = lang === 'vi' ? 'vi-VN' : 'en-GB';
  const time = new Intl.DateTimeFormat(locale, { hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZone });
  const day = new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeZone });
  const lines = [format(t.chatWith, { name: siteName })];
  let lastDay = '';
  for (const message of messages) {
    if (message.internal) continue;
    const date = new Date(message.createdAt);
    const today = day.format(date);
    if (today !== lastDay) lines.push('', today);
    lastDay = today;
    const who =
      message.sender === 'visitor' ? texts[lang].you : message.sender === 'system' ? null : (message.authorName ?? t.agent);
    const text = message.sender === 'system' ? systemText(lang, message.text, message.authorName) : message.text;
    // Continuation lines of a multi-line message are indented under it.
    lines.push(`[${time.format(date)}] ${who ? `${who}: ` : ''}${text.replace(/\r?\n/g, '\n    ')}`);
  }
  return `${lines.join('\n')}\n`;
}

/** "Acme 2025-01-31.txt": the site's name (characters file systems refuse dropped) and today's date. */
export function transcriptFileName(siteName: string, now = new Date()): string {
  const date = new Intl.DateTimeFormat('en-CA', { year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
  const name = siteName.replace(/[\\/:*?"<>|\u0000-\u001f]+/g, ' ').replace(/\s+/g, ' ').trim() || 'chat';
  return `${name} ${date}.txt`;
}

/** Saves the shown conversation as a .txt file (a Blob behind a temporary object URL). */
export function downloadTranscript(state: WidgetState, root: ShadowRoot | undefined): void {
  const id = state.conversation?.id;
  const siteName = state.site?.name ?? '';
  const text = formatTranscript(
    state.messages.filter((m) => m.conversationId === id),
    { siteName, lang: state.lang },
  );
  const url = URL.createObjectURL(new Blob([text], { type: 'text/plain;charset=utf-8' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = transcriptFileName(siteName);
  link.hidden = true;
  (root ?? document.body).append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 30_000);
}

import { SYSTEM_MESSAGES } from '@parley/protocol';
import { describe, expect, it } from 'vitest';
import { formatTranscript, transcriptFileName } from '../src/app/transcript.ts';
import { message } from './fixtures.ts';

const at = (iso: string) => ({ createdAt: iso });

describe('formatTranscript', () => {
  const messages = [
    message(1, { sender: 'visitor', authorName: null, text: 'Do you ship to Hà Nội?', ...at('2025-03-01T02:05:00Z') }),
    message(2, { sender: 'system', authorName: 'Mai', text: SYSTEM_MESSAGES.agentJoined, ...at('2025-03-01T02:06:00Z') }),
    message(3, { sender: 'agent', authorName: 'Mai', text: 'Yes!\nIn 2 days.', ...at('2025-03-01T02:07:30Z') }),
    message(4, { sender: 'agent', authorName: null, text: 'note', internal: true, ...at('2025-03-01T02:08:00Z') }),
    message(5, { sender: 'agent', authorName: null, text: 'Bye', ...at('2025-03-01T17:10:00Z') }),
  ];

  it('writes "[HH:MM] Name: text" lines in the given time zone, with a date line per day', () => {
    const text = formatTranscript(messages, { siteName: 'Acme', lang: 'en', timeZone: 'Asia/Ho_Chi_Minh' });
    expect(text).toBe(
      [
        'Chat with Acme',
        '',
        '1 March 2025',
        '[09:05] You: Do you ship to Hà Nội?',
        '[09:06] Mai joined the chat',
        '[09:07] Mai: Yes!',
        '    In 2 days.',
        '', // 17:10 UTC is past midnight in Hanoi
        '2 March 2025',
        '[00:10] Agent: Bye',
        '',
      ].join('\n'),
    );
  });

  it('speaks Vietnamese, 24-hour clock, and never includes internal notes', () => {
    const text = formatTranscript(messages, { siteName: 'Cửa hàng', lang: 'vi', timeZone: 'UTC' });
    expect(text.split('\n')[0]).toBe('Trò chuyện với Cửa hàng');
    expect(text).toContain('[02:05] Bạn: Do you ship to Hà Nội?');
    expect(text).toContain('[02:06] Mai đã tham gia cuộc trò chuyện');
    expect(text).toContain('[17:10] Nhân viên hỗ trợ: Bye');
    expect(text).not.toContain('note');
  });
});

describe('transcriptFileName', () => {
  it("names the file after the site and today's date, without characters file systems refuse", () => {
    expect(transcriptFileName('Cửa hàng A/B: "Sale"', new Date(2025, 0, 31))).toBe('Cửa hàng A B Sale 2025-01-31.txt');
    expect(transcriptFileName('', new Date(2025, 11, 1))).toBe('chat 2025-12-01.txt');
  });
});

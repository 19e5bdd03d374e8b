import { describe, expect, it } from 'vitest';
import { ERROR_CODES, ERRORS, isErrorCode } from '../src/index.ts';
import { sendMessageSchema, startConversationSchema } from '../src/schemas.ts';
import { LIMITS } from '../src/limits.ts';

describe('error catalogue', () => {
  it('gives every code an HTTP status and a readable message', () => {
    for (const code of ERROR_CODES) {
      expect(ERRORS[code].status).toBeGreaterThanOrEqual(400);
      expect(ERRORS[code].message.length).toBeGreaterThan(5);
      expect(isErrorCode(code)).toBe(true);
    }
    expect(isErrorCode('NOPE')).toBe(false);
  });

  it('has the codes the product relies on', () => {
    expect(ERROR_CODES).toEqual(expect.arrayContaining(['QUEUE_FULL', 'UNAUTHORIZED', 'VALIDATION', 'NOT_FOUND', 'RATE_LIMITED']));
  });
});

describe('message schema', () => {
  const base = { conversationId: '6f1c8f3e-0a4b-4c1e-9a57-4b7f6f8d2c11', clientId: 'abc-123' };

  it('trims text and refuses empty, oversize and broken Unicode', () => {
    expect(sendMessageSchema.parse({ ...base, text: '  xin chào  ' }).text).toBe('xin chào');
    expect(sendMessageSchema.safeParse({ ...base, text: '   ' }).success).toBe(false);
    expect(sendMessageSchema.safeParse({ ...base, text: 'a'.repeat(LIMITS.messageLength + 1) }).success).toBe(false);
    expect(sendMessageSchema.safeParse({ ...base, text: 'bad \ud800 surrogate' }).success).toBe(false);
  });

  it('refuses client ids with characters outside the safe set', () => {
    expect(sendMessageSchema.safeParse({ ...base, clientId: 'a b', text: 'hi' }).success).toBe(false);
    expect(sendMessageSchema.safeParse({ ...base, clientId: 'x'.repeat(65), text: 'hi' }).success).toBe(false);
  });

  it('keeps Vietnamese text intact', () => {
    const text = 'Tôi muốn đổi đơn hàng — cảm ơn!';
    expect(startConversationSchema.parse({ channelId: base.conversationId, text }).text).toBe(text);
  });
});

describe('foldText', () => {
  it('folds Vietnamese diacritics and đ so unaccented queries match', async () => {
    const { foldText } = await import('../src/text.ts');
    expect(foldText('Hà Nội – Đà Nẵng: giao hàng')).toBe('ha noi – da nang: giao hang');
    expect(foldText('ĐỔI TRẢ')).toBe(foldText('doi tra'));
  });
});

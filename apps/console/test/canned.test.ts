import type { CannedResponse } from '@parley/protocol';
import { describe, expect, it } from 'vitest';
import { applyCanned, cannedTrigger, fillPlaceholders, filterCanned, responseLanguage } from '../src/canned.ts';

const response = (shortcut: string, text = `Text of ${shortcut}`): CannedResponse => ({
  id: `00000000-0000-4000-8000-${shortcut.padStart(12, '0').slice(-12)}`,
  shortcut,
  text,
});

describe('cannedTrigger', () => {
  it('opens on a slash at the start of the text or after a space, up to the caret', () => {
    expect(cannedTrigger('/', 1)).toEqual({ query: '', start: 0, end: 1 });
    expect(cannedTrigger('/ref', 4)).toEqual({ query: 'ref', start: 0, end: 4 });
    expect(cannedTrigger('Hi! /gre', 8)).toEqual({ query: 'gre', start: 4, end: 8 });
    expect(cannedTrigger('line one\n/ship', 14)).toEqual({ query: 'ship', start: 9, end: 14 });
  });

  it('covers the whole word when the caret is inside it', () => {
    expect(cannedTrigger('/refund please', 3)).toEqual({ query: 're', start: 0, end: 7 });
  });

  it('takes Vietnamese letters, digits, dashes and underscores', () => {
    expect(cannedTrigger('/chào-bạn_2', 11)?.query).toBe('chào-bạn_2');
  });

  it('ignores slashes inside words, addresses and fractions, and after the word ended', () => {
    expect(cannedTrigger('and/or', 6)).toBeNull();
    expect(cannedTrigger('see https://x.example/a', 23)).toBeNull();
    expect(cannedTrigger('1/2', 3)).toBeNull();
    expect(cannedTrigger('/refund ', 8)).toBeNull();
    expect(cannedTrigger('', 0)).toBeNull();
    expect(cannedTrigger('/abc', 0)).toBeNull();
  });

  it('gives up on words longer than any shortcut', () => {
    expect(cannedTrigger(`/${'a'.repeat(41)}`, 42)).toBeNull();
  });
});

describe('filterCanned', () => {
  const all = [response('shipping'), response('refund'), response('greet'), response('return-policy'), response('hi')];

  it('lists every response for a bare slash, alphabetically', () => {
    expect(filterCanned(all, '').map((r) => r.shortcut)).toEqual(['greet', 'hi', 'refund', 'return-policy', 'shipping']);
  });

  it('puts shortcuts that start with the query before those that contain it', () => {
    expect(filterCanned([...all, response('prefund')], 're').map((r) => r.shortcut)).toEqual([
      'refund',
      'return-policy',
      'greet',
      'prefund',
    ]);
  });

  it('matches by shortcut only, ignoring case and accents', () => {
    const vi = [response('chào', 'Xin chào'), response('giao-hang', 'Refund text')];
    expect(filterCanned(vi, 'CHAO').map((r) => r.shortcut)).toEqual(['chào']);
    expect(filterCanned(vi, 'refund')).toEqual([]);
  });

  it('keeps at most `limit` suggestions', () => {
    const many = Array.from({ length: 20 }, (_, i) => response(`s${String(i).padStart(2, '0')}`));
    expect(filterCanned(many, 's')).toHaveLength(8);
    expect(filterCanned(many, 's', 3).map((r) => r.shortcut)).toEqual(['s00', 's01', 's02']);
  });
});

describe('fillPlaceholders', () => {
  const values = { visitorName: 'Lan', visitorEmail: 'lan@example.com', agentName: 'Minh' };

  it('fills visitor name, email and agent name, wherever and however often they appear', () => {
    expect(fillPlaceholders('Hi {visitor.name}, I am {agent.name}. We wrote to {visitor.email}, {visitor.name}.', values, 'there')).toBe(
      'Hi Lan, I am Minh. We wrote to lan@example.com, Lan.',
    );
  });

  it('tolerates spaces and capitals inside the braces', () => {
    expect(fillPlaceholders('Hi { Visitor.Name }', values, 'there')).toBe('Hi Lan');
  });

  it('addresses a visitor without a name with the fallback, and leaves a missing email out', () => {
    const anonymous = { visitorName: '  ', visitorEmail: null, agentName: 'Minh' };
    expect(fillPlaceholders('Chào {visitor.name}!', anonymous, 'bạn')).toBe('Chào bạn!');
    expect(fillPlaceholders('Hi {visitor.name}', { ...anonymous, visitorName: null }, 'there')).toBe('Hi there');
    expect(fillPlaceholders('Email: {visitor.email}', anonymous, 'there')).toBe('Email: ');
  });

  it('leaves unknown placeholders as written and inserts names as plain text', () => {
    expect(fillPlaceholders('{order.id} {visitor.name}', { ...values, visitorName: '<b>x</b> $&' }, 'there')).toBe(
      '{order.id} <b>x</b> $&',
    );
  });
});

describe('responseLanguage', () => {
  it('reads Vietnamese from its letters and tones, English from plain Latin letters', () => {
    expect(responseLanguage('Chào {visitor.name}, mình có thể giúp gì?', 'en')).toBe('vi');
    expect(responseLanguage('Cam on ban, đơn hàng', 'en')).toBe('vi');
    expect(responseLanguage('Hi {visitor.name}, how can I help?', 'vi')).toBe('en');
  });

  it('falls back to the UI language when the text says nothing', () => {
    expect(responseLanguage('{visitor.name} 👋', 'vi')).toBe('vi');
    expect(responseLanguage('{visitor.name}!', 'en')).toBe('en');
  });
});

describe('applyCanned', () => {
  it('replaces the slash word and puts the caret after the insert', () => {
    const text = 'Hello /gre and more';
    const trigger = cannedTrigger(text, 10)!;
    expect(applyCanned(text, trigger, 'Welcome!')).toEqual({ text: 'Hello Welcome! and more', caret: 14 });
  });
});

import { describe, expect, it } from 'vitest';
import {
  addOrigin,
  hasErrors,
  isHexColor,
  normalizeOrigin,
  normalizeShortcut,
  parseWholeNumber,
  patternMatches,
  toTriggers,
  validateAgent,
  validateCanned,
  validateChannel,
  validateFaq,
  validateSite,
  validateTrigger,
  validateWidget,
  type AgentForm,
  type ChannelForm,
  type WidgetForm,
} from '../src/admin/validate.ts';

describe('origins', () => {
  it('normalises to what browsers send in Origin', () => {
    expect(normalizeOrigin('https://Shop.Example.com')).toEqual({ ok: true, origin: 'https://shop.example.com' });
    expect(normalizeOrigin('  https://shop.example.com/  ')).toEqual({ ok: true, origin: 'https://shop.example.com' });
    expect(normalizeOrigin('https://shop.example.com:443')).toEqual({ ok: true, origin: 'https://shop.example.com' });
    expect(normalizeOrigin('http://localhost:8080')).toEqual({ ok: true, origin: 'http://localhost:8080' });
    expect(normalizeOrigin('https://bücher.example')).toEqual({ ok: true, origin: 'https://xn--bcher-kva.example' });
  });

  it('refuses paths, other schemes, wildcards and credentials', () => {
    expect(normalizeOrigin('https://shop.example.com/pricing')).toEqual({ ok: false, error: { code: 'originPath' } });
    expect(normalizeOrigin('https://shop.example.com?x=1')).toEqual({ ok: false, error: { code: 'originPath' } });
    expect(normalizeOrigin('shop.example.com')).toEqual({ ok: false, error: { code: 'origin' } });
    expect(normalizeOrigin('ftp://shop.example.com')).toEqual({ ok: false, error: { code: 'origin' } });
    expect(normalizeOrigin('https://*.example.com')).toEqual({ ok: false, error: { code: 'origin' } });
    expect(normalizeOrigin('https://user:pw@example.com')).toEqual({ ok: false, error: { code: 'origin' } });
    expect(normalizeOrigin('')).toEqual({ ok: false, error: { code: 'required' } });
  });

  it('adds to a list without duplicates, up to 50', () => {
    expect(addOrigin([], 'https://a.example')).toEqual({ ok: true, list: ['https://a.example'] });
    expect(addOrigin(['https://a.example'], 'https://A.example/')).toEqual({ ok: false, error: { code: 'duplicate' } });
    const full = Array.from({ length: 50 }, (_, i) => `https://s${i}.example`);
    expect(addOrigin(full, 'https://new.example')).toEqual({ ok: false, error: { code: 'tooMany', max: 50 } });
  });
});

describe('small parsers', () => {
  it('accepts only #rrggbb colours', () => {
    expect(isHexColor('#2563eb')).toBe(true);
    expect(isHexColor('#2563EB')).toBe(true);
    expect(isHexColor('#fff')).toBe(false);
    expect(isHexColor('2563eb')).toBe(false);
    expect(isHexColor('#2563ebff')).toBe(false);
  });

  it('parses whole numbers within bounds', () => {
    expect(parseWholeNumber('2', 0, 100)).toBe(2);
    expect(parseWholeNumber(' 0 ', 0, 100)).toBe(0);
    expect(parseWholeNumber('101', 0, 100)).toBeNull();
    expect(parseWholeNumber('1.5', 0, 100)).toBeNull();
    expect(parseWholeNumber('-1', 0, 100)).toBeNull();
    expect(parseWholeNumber('', 0, 100)).toBeNull();
  });
});

describe('form validation', () => {
  it('checks the site', () => {
    expect(hasErrors(validateSite({ name: 'Shop', maxWaitingTotal: '15', retentionDays: '' }))).toBe(false);
    expect(hasErrors(validateSite({ name: 'Shop', maxWaitingTotal: '15', retentionDays: '365' }))).toBe(false);
    expect(validateSite({ name: ' ', maxWaitingTotal: '1001', retentionDays: '0' })).toEqual({
      name: { code: 'required' },
      maxWaitingTotal: { code: 'integer', min: 0, max: 1000 },
      retentionDays: { code: 'integer', min: 1, max: 3650 },
    });
  });

  it('checks a channel, including overflowing into itself', () => {
    const form: ChannelForm = { id: 'c1', name: 'Sales', routingMode: 'auto', maxWaiting: '2', overflowChannelId: '', memberIds: [] };
    expect(hasErrors(validateChannel(form))).toBe(false);
    expect(validateChannel({ ...form, overflowChannelId: 'c1' }).overflowChannelId).toEqual({ code: 'selfOverflow' });
    expect(validateChannel({ ...form, maxWaiting: 'x' }).maxWaiting).toEqual({ code: 'integer', min: 0, max: 100 });
    expect(validateChannel({ ...form, name: 'x'.repeat(81) }).name).toEqual({ code: 'tooLong', max: 80 });
  });

  it('checks an agent: email and password when creating, password only if typed when editing', () => {
    const create: AgentForm = { id: null, name: 'An', email: 'an@example.com', password: 'long-enough', role: 'agent', maxChats: '3', channelIds: [] };
    expect(hasErrors(validateAgent(create))).toBe(false);
    expect(validateAgent({ ...create, email: 'nope' }).email).toEqual({ code: 'email' });
    expect(validateAgent({ ...create, password: 'short' }).password).toEqual({ code: 'tooShort', min: 8 });
    expect(validateAgent({ ...create, maxChats: '51' }).maxChats).toEqual({ code: 'integer', min: 0, max: 50 });
    const edit = { ...create, id: 'a1', email: '', password: '' };
    expect(hasErrors(validateAgent(edit))).toBe(false);
    expect(validateAgent({ ...edit, password: 'short' }).password).toEqual({ code: 'tooShort', min: 8 });
  });

  it('checks canned responses and normalises the shortcut', () => {
    expect(normalizeShortcut(' /Refund ')).toBe('refund');
    expect(hasErrors(validateCanned({ id: null, shortcut: '/hoàn-tiền', text: 'Hi {visitor.name}' }))).toBe(false);
    expect(validateCanned({ id: null, shortcut: 'two words', text: 'x' }).shortcut).toEqual({ code: 'shortcut' });
    expect(validateCanned({ id: null, shortcut: '', text: ' ' })).toEqual({ shortcut: { code: 'required' }, text: { code: 'required' } });
  });

  it('checks FAQ articles', () => {
    expect(hasErrors(validateFaq({ id: null, language: 'vi', title: 'Giao hàng?', body: '2–4 ngày', position: '0' }))).toBe(false);
    expect(validateFaq({ id: null, language: 'en', title: '', body: 'x', position: '-1' })).toEqual({
      title: { code: 'required' },
      body: undefined,
      position: { code: 'integer', min: 0, max: 10000 },
    });
  });

  it('checks the widget colour and greeting', () => {
    const form: WidgetForm = {
      color: '#2563eb',
      position: 'right',
      language: 'auto',
      greeting: '',
      prechatName: 'optional',
      prechatEmail: 'required',
      typingPreview: true,
      surveyNps: false,
      surveyCes: false,
    };
    expect(hasErrors(validateWidget(form))).toBe(false);
    expect(validateWidget({ ...form, color: 'blue' }).color).toEqual({ code: 'color' });
    expect(validateWidget({ ...form, greeting: 'x'.repeat(301) }).greeting).toEqual({ code: 'tooLong', max: 300 });
  });
});

describe('triggers', () => {
  it('converts valid forms and refuses invalid ones', () => {
    const form = { id: 't1', urlPattern: ' https://shop.example/pricing* ', delaySeconds: '20', message: ' Questions? ' };
    expect(toTriggers([form])).toEqual([{ id: 't1', urlPattern: 'https://shop.example/pricing*', delaySeconds: 20, message: 'Questions?' }]);
    expect(validateTrigger({ ...form, delaySeconds: '3601' }).delaySeconds).toEqual({ code: 'integer', min: 0, max: 3600 });
    expect(toTriggers([form, { ...form, id: 't2', message: '' }])).toBeNull();
    expect(toTriggers([])).toEqual([]);
  });

  it('matches addresses as the widget does: whole URL, * as a wildcard, everything else literal', () => {
    expect(patternMatches('*/demo*', 'http://localhost:3000/demo')).toBe(true);
    expect(patternMatches('https://shop.example/pricing*', 'https://shop.example/pricing/pro?x=1')).toBe(true);
    expect(patternMatches('https://shop.example/pricing', 'https://shop.example/pricing/pro')).toBe(false);
    expect(patternMatches('https://shop.example/a.b', 'https://shop.example/aXb')).toBe(false);
    expect(patternMatches('*', 'anything')).toBe(true);
  });
});

import { describe, expect, it } from 'vitest';
import {
  addPending,
  applySession,
  initialState,
  prechatFields,
  prechatValues,
  refuseStart,
  showsPrechat,
  validatePrechat,
  type PrechatFieldView,
  type WidgetState,
} from '../src/app/store.ts';
import { conversation, site, visitor } from './fixtures.ts';

/** A state with the session ready and the given pre-chat settings. */
function withPrechat(name: 'hidden' | 'optional' | 'required', email: 'hidden' | 'optional' | 'required', known = visitor()): WidgetState {
  const base = site();
  return applySession(initialState('en'), { ...base, widget: { ...base.widget, prechat: { name, email } } }, known, 'en');
}

describe('pre-chat fields', () => {
  it('asks the fields the site does not hide, saying which are required', () => {
    expect(prechatFields(withPrechat('optional', 'required'))).toEqual([
      { field: 'name', required: false },
      { field: 'email', required: true },
    ]);
    expect(prechatFields(withPrechat('hidden', 'optional'))).toEqual([{ field: 'email', required: false }]);
    expect(prechatFields(withPrechat('hidden', 'hidden'))).toEqual([]);
  });

  it('skips what the visitor already gave', () => {
    const known = visitor({ name: 'Mai', email: null });
    expect(prechatFields(withPrechat('required', 'required', known))).toEqual([{ field: 'email', required: true }]);
  });

  it('asks nothing before the site settings are known', () => {
    expect(prechatFields(initialState('en'))).toEqual([]);
  });

  it('shows only before the first message: not with a conversation open or a message on its way', () => {
    const state = withPrechat('optional', 'optional');
    expect(showsPrechat(state)).toBe(true);
    expect(showsPrechat(addPending(state, 'c1', 'hello'))).toBe(false);
    expect(showsPrechat({ ...state, conversation: conversation({ status: 'active' }) })).toBe(false);
    expect(showsPrechat({ ...state, conversation: conversation({ status: 'closed' }) })).toBe(true);
  });
});

describe('validatePrechat', () => {
  const both: PrechatFieldView[] = [
    { field: 'name', required: true },
    { field: 'email', required: true },
  ];

  it('stops at the first required field left empty (spaces count as empty)', () => {
    expect(validatePrechat(both, { name: '  ', email: '' })).toEqual({ field: 'name', reason: 'required' });
    expect(validatePrechat(both, { name: 'Mai', email: '' })).toEqual({ field: 'email', reason: 'required' });
  });

  it('checks the email whenever one is given, required or not', () => {
    expect(validatePrechat(both, { name: 'Mai', email: 'mai@' })).toEqual({ field: 'email', reason: 'email' });
    const optional: PrechatFieldView[] = [{ field: 'email', required: false }];
    expect(validatePrechat(optional, { name: '', email: '' })).toBeNull();
    expect(validatePrechat(optional, { name: '', email: 'not an email' })).toEqual({ field: 'email', reason: 'email' });
  });

  it('passes a complete form', () => {
    expect(validatePrechat(both, { name: 'Nguyễn Thị Mai', email: ' mai@example.vn ' })).toBeNull();
  });
});

describe('prechatValues', () => {
  it('sends only fields shown and filled in, trimmed', () => {
    const state = withPrechat('optional', 'optional');
    expect(prechatValues({ ...state, prechat: { name: ' Mai ', email: '', invalid: null } })).toEqual({ name: 'Mai' });
    const known = withPrechat('optional', 'optional', visitor({ name: 'Lan' }));
    expect(prechatValues({ ...known, prechat: { name: 'Mai', email: 'mai@example.com', invalid: null } })).toEqual({
      email: 'mai@example.com',
    });
  });

  it('prefills the offline form from the pre-chat form when the queue is full', () => {
    const state = { ...withPrechat('optional', 'optional'), prechat: { name: 'Mai', email: 'mai@example.com', invalid: null } };
    const refused = refuseStart(addPending(state, 'c1', 'hello'), site().channels[0]!.id);
    expect(refused.leave).toMatchObject({ name: 'Mai', email: 'mai@example.com' });
    expect(refused.draft).toBe('hello');
  });
});

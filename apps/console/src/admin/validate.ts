/**
 * Client-side checks of the settings forms, mirroring the server's admin schemas
 * (@parley/protocol/admin) so most mistakes are caught before a request. The server still
 * validates everything; its message is shown when it refuses. Pure, unit-tested.
 */
import { LIMITS, type AgentRole, type PrechatField, type RoutingMode, type Trigger } from '@parley/protocol';

/** A problem with one field; `i18n.ts` words it. */
export type FieldError =
  | { code: 'required' }
  | { code: 'tooLong'; max: number }
  | { code: 'tooShort'; min: number }
  | { code: 'integer'; min: number; max: number }
  | { code: 'color' }
  | { code: 'origin' }
  | { code: 'originPath' }
  | { code: 'duplicate' }
  | { code: 'tooMany'; max: number }
  | { code: 'email' }
  | { code: 'shortcut' }
  | { code: 'selfOverflow' };

export type FieldErrors<F extends string> = Partial<Record<F, FieldError>>;

export function hasErrors(errors: object): boolean {
  return Object.values(errors).some((value) => value !== undefined);
}

/** Server limits of the admin schemas. */
export const ADMIN_LIMITS = {
  maxWaitingTotal: 1000,
  channelMaxWaiting: 100,
  agentMaxChats: 50,
  origins: 50,
  originLength: 200,
  greeting: 300,
  triggers: 20,
  triggerPattern: 500,
  triggerMessage: 500,
  triggerDelay: 3600,
  shortcut: 40,
  faqTitle: 200,
  faqBody: 10_000,
  faqPosition: 10_000,
} as const;

export const HEX_COLOR = /^#[0-9a-f]{6}$/i;

export function isHexColor(value: string): boolean {
  return HEX_COLOR.test(value.trim());
}

/** A whole number typed in a field, within bounds; null when it is not one. */
export function parseWholeNumber(value: string, min: number, max: number): number | null {
  const text = value.trim();
  if (!/^\d+$/.test(text)) return null;
  const n = Number(text);
  return n >= min && n <= max ? n : null;
}

function text(value: string, max: number, required = true): FieldError | undefined {
  const trimmed = value.trim();
  if (required && !trimmed) return { code: 'required' };
  if (trimmed.length > max) return { code: 'tooLong', max };
  return undefined;
}

function whole(value: string, min: number, max: number): FieldError | undefined {
  return parseWholeNumber(value, min, max) === null ? { code: 'integer', min, max } : undefined;
}

// ---- origins --------------------------------------------------------------------------------

export type OriginResult = { ok: true; origin: string } | { ok: false; error: FieldError };

/**
 * Normalises what an admin types as an allowed origin to what browsers send in the Origin header:
 * `scheme://host[:port]`, lower case, default port dropped, a bare trailing slash tolerated.
 * Paths, queries, wildcards and credentials are refused: the server matches origins exactly.
 */
export function normalizeOrigin(input: string): OriginResult {
  const value = input.trim();
  if (!value) return { ok: false, error: { code: 'required' } };
  if (value.length > ADMIN_LIMITS.originLength) return { ok: false, error: { code: 'tooLong', max: ADMIN_LIMITS.originLength } };
  if (!/^https?:\/\//i.test(value) || value.includes('*')) return { ok: false, error: { code: 'origin' } };
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return { ok: false, error: { code: 'origin' } };
  }
  if (!url.hostname || url.username || url.password) return { ok: false, error: { code: 'origin' } };
  const rest = value.replace(/^https?:\/\/[^/?#]+/i, '');
  if (rest !== '' && rest !== '/') return { ok: false, error: { code: 'originPath' } };
  return { ok: true, origin: url.origin };
}

/** Adds an origin to a list: normalised, and refused when it is already there or the list is full. */
export function addOrigin(list: readonly string[], input: string): { ok: true; list: string[] } | { ok: false; error: FieldError } {
  const result = normalizeOrigin(input);
  if (!result.ok) return result;
  if (list.includes(result.origin)) return { ok: false, error: { code: 'duplicate' } };
  if (list.length >= ADMIN_LIMITS.origins) return { ok: false, error: { code: 'tooMany', max: ADMIN_LIMITS.origins } };
  return { ok: true, list: [...list, result.origin] };
}

// ---- site -----------------------------------------------------------------------------------

export interface SiteForm {
  name: string;
  maxWaitingTotal: string;
  /** Days to keep closed conversations; empty keeps them forever. */
  retentionDays: string;
}

export function validateSite(form: SiteForm): FieldErrors<keyof SiteForm> {
  return {
    name: text(form.name, LIMITS.nameLength),
    maxWaitingTotal: whole(form.maxWaitingTotal, 0, ADMIN_LIMITS.maxWaitingTotal),
    retentionDays: form.retentionDays.trim() === '' ? undefined : whole(form.retentionDays, 1, LIMITS.retentionDaysMax),
  };
}

// ---- channels -------------------------------------------------------------------------------

export interface ChannelForm {
  /** The channel being edited; null when creating one. */
  id: string | null;
  name: string;
  routingMode: RoutingMode;
  maxWaiting: string;
  overflowChannelId: string;
  memberIds: string[];
}

export function validateChannel(form: ChannelForm): FieldErrors<'name' | 'maxWaiting' | 'overflowChannelId'> {
  return {
    name: text(form.name, LIMITS.nameLength),
    maxWaiting: whole(form.maxWaiting, 0, ADMIN_LIMITS.channelMaxWaiting),
    overflowChannelId: form.id && form.overflowChannelId === form.id ? { code: 'selfOverflow' } : undefined,
  };
}

// ---- agents ---------------------------------------------------------------------------------

export interface AgentForm {
  /** The agent being edited; null when creating one. */
  id: string | null;
  name: string;
  email: string;
  /** Required for a new agent; when editing, blank keeps the current password. */
  password: string;
  role: AgentRole;
  maxChats: string;
  channelIds: string[];
}

/** A pragmatic email shape check (the server's is authoritative). */
export function isEmail(value: string): boolean {
  return /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(value.trim());
}

export function validateAgent(form: AgentForm): FieldErrors<'name' | 'email' | 'password' | 'maxChats'> {
  const creating = form.id === null;
  let password: FieldError | undefined;
  if (creating || form.password !== '') {
    if (form.password.length < LIMITS.passwordMinLength) password = { code: 'tooShort', min: LIMITS.passwordMinLength };
    else if (form.password.length > LIMITS.passwordMaxLength) password = { code: 'tooLong', max: LIMITS.passwordMaxLength };
  }
  let email: FieldError | undefined;
  if (creating) {
    email = text(form.email, LIMITS.emailLength) ?? (isEmail(form.email) ? undefined : { code: 'email' });
  }
  return {
    name: text(form.name, LIMITS.nameLength),
    email,
    password,
    maxChats: whole(form.maxChats, 0, ADMIN_LIMITS.agentMaxChats),
  };
}

// ---- canned responses -----------------------------------------------------------------------

export interface CannedForm {
  id: string | null;
  shortcut: string;
  text: string;
}

/** The shortcut as stored: no leading slash, lower case. */
export function normalizeShortcut(value: string): string {
  return value.trim().replace(/^\/+/, '').toLowerCase();
}

export function validateCanned(form: CannedForm): FieldErrors<'shortcut' | 'text'> {
  const shortcut = normalizeShortcut(form.shortcut);
  let shortcutError: FieldError | undefined;
  if (!shortcut) shortcutError = { code: 'required' };
  else if (shortcut.length > ADMIN_LIMITS.shortcut) shortcutError = { code: 'tooLong', max: ADMIN_LIMITS.shortcut };
  else if (!/^[\p{L}\p{N}_-]+$/u.test(shortcut)) shortcutError = { code: 'shortcut' };
  return { shortcut: shortcutError, text: text(form.text, LIMITS.messageLength) };
}

/** Placeholders the composer fills in when an agent uses a canned response. */
export const CANNED_PLACEHOLDERS = ['{visitor.name}', '{visitor.email}', '{agent.name}'] as const;

// ---- FAQ ------------------------------------------------------------------------------------

export type FaqLanguage = 'en' | 'vi';

export interface FaqForm {
  id: string | null;
  language: FaqLanguage;
  title: string;
  body: string;
  position: string;
}

export function validateFaq(form: FaqForm): FieldErrors<'title' | 'body' | 'position'> {
  return {
    title: text(form.title, ADMIN_LIMITS.faqTitle),
    body: text(form.body, ADMIN_LIMITS.faqBody),
    position: whole(form.position, 0, ADMIN_LIMITS.faqPosition),
  };
}

// ---- widget ---------------------------------------------------------------------------------

export interface WidgetForm {
  color: string;
  position: 'right' | 'left';
  language: 'auto' | 'en' | 'vi';
  greeting: string;
  prechatName: PrechatField;
  prechatEmail: PrechatField;
  typingPreview: boolean;
  surveyNps: boolean;
  surveyCes: boolean;
}

export function validateWidget(form: WidgetForm): FieldErrors<'color' | 'greeting'> {
  return {
    color: isHexColor(form.color) ? undefined : { code: 'color' },
    greeting: text(form.greeting, ADMIN_LIMITS.greeting, false),
  };
}

// ---- proactive triggers ---------------------------------------------------------------------

/** A trigger as edited: numbers are still text. */
export interface TriggerForm {
  id: string;
  urlPattern: string;
  delaySeconds: string;
  message: string;
}

export function validateTrigger(form: TriggerForm): FieldErrors<'urlPattern' | 'delaySeconds' | 'message'> {
  return {
    urlPattern: text(form.urlPattern, ADMIN_LIMITS.triggerPattern),
    delaySeconds: whole(form.delaySeconds, 0, ADMIN_LIMITS.triggerDelay),
    message: text(form.message, ADMIN_LIMITS.triggerMessage),
  };
}

/** The triggers to save, or null when any has an error. */
export function toTriggers(forms: readonly TriggerForm[]): Trigger[] | null {
  if (forms.some((form) => hasErrors(validateTrigger(form)))) return null;
  return forms.map((form) => ({
    id: form.id,
    urlPattern: form.urlPattern.trim(),
    delaySeconds: Number(form.delaySeconds.trim()),
    message: form.message.trim(),
  }));
}

/**
 * Whether a trigger's URL pattern matches an address: the widget's rule (apps/widget greeting.ts),
 * so an admin can try a pattern before saving. The whole URL must match, `*` matching any run of
 * characters (including none); everything else is literal and case matters.
 */
export function patternMatches(pattern: string, url: string): boolean {
  const source = pattern
    .split('*')
    .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
    .join('[\\s\\S]*');
  return new RegExp(`^${source}$`).test(url);
}

/**
 * Proactive greetings, in a chunk of their own (imported only when the site has triggers): the
 * first trigger whose URL pattern matches the page shows its message by the launcher once the
 * visitor has been on the page for its delay.
 */
import type { Trigger } from '@parley/protocol';

/**
 * Whether a trigger's URL pattern matches the page: the whole URL must match, `*` matching any run
 * of characters (including none); everything else is literal.
 */
export function urlMatches(pattern: string, href: string): boolean {
  const source = pattern
    .split('*')
    .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
    .join('[\\s\\S]*');
  return new RegExp(`^${source}$`).test(href);
}

/** The first trigger whose pattern matches the page, if any. */
export function pickTrigger(triggers: readonly Trigger[] | undefined, href: string): Trigger | null {
  return triggers?.find((trigger) => urlMatches(trigger.urlPattern, href)) ?? null;
}

/** Milliseconds until a trigger fires, counted from the start of the page (`elapsedMs` on it so far). */
export function greetingDelay(trigger: Trigger, elapsedMs: number): number {
  return Math.max(0, trigger.delaySeconds * 1000 - elapsedMs);
}

/** Calls `show` with the matching trigger's message when its time on the page has come. */
export function scheduleGreeting(triggers: readonly Trigger[] | undefined, show: (message: string) => void): void {
  const trigger = pickTrigger(triggers, location.href);
  if (trigger) setTimeout(() => show(trigger.message), greetingDelay(trigger, performance.now()));
}

/**
 * Focuses a newly shown part of the panel. On the panel's first render (`fresh`) it always does:
 * the visitor just opened it. Later it does only when focus was lost (the focused form or composer
 * went away) or is on the launcher, never when the visitor is busy elsewhere, in the host page or
 * on another control of the panel: these parts also appear on their own (a channel going offline).
 */
export function takeFocus(element: HTMLElement | null, fresh: boolean): void {
  const root = element?.getRootNode() as ShadowRoot | undefined;
  const active = document.activeElement;
  const elsewhere = root?.activeElement?.closest('.panel') || (active !== document.body && active !== root?.host);
  if (element && (fresh || !elsewhere)) element.focus();
}

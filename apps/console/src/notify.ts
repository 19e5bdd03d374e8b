/**
 * The browser side of alerts: a short synthesised beep (WebAudio, no sound files) and desktop
 * notifications (Notification API). Both fail silently where the browser does not allow them.
 */

/** localStorage keys of the agent's choices. */
export const SOUND_MUTED_KEY = 'parley:sound-muted';
export const NOTIFY_KEY = 'parley:notifications';

type AudioContextClass = typeof AudioContext;
let audio: AudioContext | null = null;
let lastBeep = 0;

function audioContextClass(): AudioContextClass | undefined {
  const g = globalThis as unknown as { AudioContext?: AudioContextClass; webkitAudioContext?: AudioContextClass };
  return g.AudioContext ?? g.webkitAudioContext;
}

/**
 * Creates or resumes the audio context. Browsers only let audio start from a user gesture, so
 * this is called on the agent's first key press or click (and on the sound toggle).
 */
export function unlockAudio(): void {
  try {
    const Ctx = audioContextClass();
    if (!Ctx) return;
    audio ??= new Ctx();
    if (audio.state === 'suspended') void audio.resume().catch(() => {});
  } catch {
    audio = null;
  }
}

/**
 * Two quick rising tones for a new conversation, one for a new message. At most one beep per
 * second, so a burst of messages does not become a buzz.
 */
export function beep(kind: 'conversation' | 'message'): void {
  const now = Date.now();
  if (now - lastBeep < 1000) return;
  lastBeep = now;
  try {
    unlockAudio();
    const ctx = audio;
    if (!ctx || ctx.state !== 'running') return;
    const tones = kind === 'conversation' ? [660, 880] : [880];
    tones.forEach((frequency, i) => {
      const start = ctx.currentTime + i * 0.14;
      const oscillator = ctx.createOscillator();
      const gain = ctx.createGain();
      oscillator.type = 'sine';
      oscillator.frequency.value = frequency;
      gain.gain.setValueAtTime(0.0001, start);
      gain.gain.exponentialRampToValueAtTime(0.18, start + 0.015);
      gain.gain.exponentialRampToValueAtTime(0.0001, start + 0.12);
      oscillator.connect(gain).connect(ctx.destination);
      oscillator.start(start);
      oscillator.stop(start + 0.13);
    });
  } catch {
    // No audio output: the notification and the title still tell.
  }
}

export type NotifyPermission = NotificationPermission | 'unsupported';

/** Whether the browser may show notifications: granted, denied, not asked yet, or not possible at all. */
export function notificationPermission(): NotifyPermission {
  return typeof Notification === 'undefined' ? 'unsupported' : Notification.permission;
}

/** Asks for permission; call only from a click (browsers ignore or punish asking on load). */
export async function requestNotificationPermission(): Promise<NotifyPermission> {
  if (typeof Notification === 'undefined') return 'unsupported';
  try {
    return await Notification.requestPermission();
  } catch {
    return Notification.permission;
  }
}

/**
 * Shows a notification; clicking it focuses the console and runs `onClick`. `tag` replaces an
 * earlier notification of the same conversation instead of stacking them. Title and body are
 * plain text to the browser, never markup.
 */
export function showNotification(title: string, body: string, tag: string, onClick: () => void): void {
  if (notificationPermission() !== 'granted') return;
  try {
    const notification = new Notification(title, { body, tag, lang: document.documentElement.lang || undefined });
    notification.onclick = () => {
      globalThis.focus?.();
      onClick();
      notification.close();
    };
  } catch {
    // Some browsers only allow notifications from a service worker (Android): the sound still plays.
  }
}

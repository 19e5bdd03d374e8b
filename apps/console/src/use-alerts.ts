/**
 * Sound and desktop notifications for new conversations and new visitor messages (see alerts.ts
 * for which). The agent's choices are remembered: sound on unless muted, notifications once
 * permission was granted from the button (never asked on load).
 */
import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { alertFor, notificationBody } from './alerts.ts';
import { visitorLabel } from './format.ts';
import type { Messages } from './i18n.ts';
import {
  beep,
  notificationPermission,
  NOTIFY_KEY,
  requestNotificationPermission,
  showNotification,
  SOUND_MUTED_KEY,
  unlockAudio,
  type NotifyPermission,
} from './notify.ts';
import { readStored, writeStored } from './storage.ts';
import type { ServerActionListener } from './use-console.ts';
import { pageIsActive } from './use-page-active.ts';

export interface AlertsHandle {
  /** Pass to useConsole: sees every server event before it is applied. */
  listener: ServerActionListener;
  soundOn: boolean;
  toggleSound(): void;
  permission: NotifyPermission;
  /** Notifications will show (permission granted and not turned off). */
  notifyOn: boolean;
  /** Asks for permission the first time, then turns notifications on and off. */
  toggleNotify(): void;
}

/**
 * `onOpen` opens a conversation (a notification was clicked); `inboxShown` tells whether the
 * conversation view is on screen at all (the app may be showing another page).
 */
export function useAlerts(t: Messages, onOpen: (conversationId: string) => void, inboxShown: () => boolean = () => true): AlertsHandle {
  const [soundOn, setSoundOn] = useState(() => readStored(SOUND_MUTED_KEY) !== '1');
  const [permission, setPermission] = useState<NotifyPermission>(notificationPermission);
  const [notifyWanted, setNotifyWanted] = useState(() => readStored(NOTIFY_KEY) !== '0');
  const notifyOn = permission === 'granted' && notifyWanted;

  // The listener is created once; it reads everything that changes through this ref.
  const live = useRef({ t, onOpen, soundOn, notifyOn, inboxShown });
  live.current = { t, onOpen, soundOn, notifyOn, inboxShown };
  const alerted = useRef<Record<string, number>>({});

  // Browsers start audio only after a user gesture: the first key press or click unlocks it.
  useEffect(() => {
    const unlock = () => unlockAudio();
    document.addEventListener('pointerdown', unlock, { capture: true, once: true });
    document.addEventListener('keydown', unlock, { capture: true, once: true });
    return () => {
      document.removeEventListener('pointerdown', unlock, { capture: true });
      document.removeEventListener('keydown', unlock, { capture: true });
    };
  }, []);

  // Permission can change in the browser's settings while the console is open.
  useEffect(() => {
    const refresh = () => setPermission(notificationPermission());
    document.addEventListener('visibilitychange', refresh);
    return () => document.removeEventListener('visibilitychange', refresh);
  }, []);

  const listener = useCallback<ServerActionListener>((action, before) => {
    const alert = alertFor(action, {
      agentId: before.agentId,
      channelIds: before.me?.channelIds ?? null,
      status: before.me?.status ?? null,
      openId: before.open?.conversationId ?? null,
      pageActive: pageIsActive() && live.current.inboxShown(),
      conversations: before.conversations,
      alerted: alerted.current,
    });
    if (!alert) return;
    alerted.current = { ...alerted.current, [alert.conversationId]: alert.seq };
    const { t: tNow, soundOn: sound, notifyOn: notify } = live.current;
    if (sound) beep(alert.kind);
    if (notify) {
      const name = visitorLabel(alert.visitorName, alert.visitorId, tNow);
      const title = alert.kind === 'conversation' ? tNow.inbox.alerts.newConversation(name) : tNow.inbox.alerts.newMessage(name);
      showNotification(title, notificationBody(alert.text), `parley-${alert.conversationId}`, () =>
        live.current.onOpen(alert.conversationId),
      );
    }
  }, []);

  function toggleSound() {
    const next = !soundOn;
    writeStored(SOUND_MUTED_KEY, next ? null : '1');
    setSoundOn(next);
    if (next) {
      unlockAudio();
      beep('message'); // so the agent hears what it sounds like, and that it works
    }
  }

  function toggleNotify() {
    if (permission === 'granted') {
      const next = !notifyWanted;
      writeStored(NOTIFY_KEY, next ? '1' : '0');
      setNotifyWanted(next);
      return;
    }
    if (permission !== 'default') return;
    void requestNotificationPermission().then((result) => {
      setPermission(result);
      if (result === 'granted') {
        writeStored(NOTIFY_KEY, '1');
        setNotifyWanted(true);
      }
    });
  }

  return { listener, soundOn, toggleSound, permission, notifyOn, toggleNotify };
}

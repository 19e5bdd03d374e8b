import { useI18n } from '../i18n-context.ts';
import type { ConnectionStatus } from '../store.ts';

export interface ConnectionBannerProps {
  status: ConnectionStatus;
  onRetry(): void;
}

/** A thin banner while the socket is not connected; nothing at all once it is. */
export function ConnectionBanner({ status, onRetry }: ConnectionBannerProps) {
  const { t } = useI18n();
  if (status === 'connected') return null;
  return (
    <div class={`connection-banner ${status}`} data-testid="connection" data-state={status} role="status">
      <span>{t.connection[status]}</span>
      {status === 'failed' && (
        <button type="button" class="button subtle small" onClick={onRetry}>
          {t.connection.retry}
        </button>
      )}
    </div>
  );
}

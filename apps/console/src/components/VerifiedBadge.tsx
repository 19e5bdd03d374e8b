/**
 * Whether a visitor's identity is vouched for: "Verified" when the site's backend signed it (a
 * JWT), "Unverified" when the name and email are only what the visitor typed. The title says which.
 */
import { useI18n } from '../i18n-context.ts';

export interface VerifiedBadgeProps {
  verified: boolean;
  /** An icon only (for list rows); the label is still there for screen readers. */
  compact?: boolean;
}

export function VerifiedBadge({ verified, compact = false }: VerifiedBadgeProps) {
  const { t } = useI18n();
  const label = verified ? t.identity.verified : t.identity.unverified;
  return (
    <span
      class={`verified-badge ${verified ? 'verified' : 'unverified'}${compact ? ' compact' : ''}`}
      data-testid="verified-badge"
      data-verified={String(verified)}
      title={verified ? t.identity.verifiedTitle : t.identity.unverifiedTitle}
    >
      {(verified || compact) && (
        <span class="verified-icon" aria-hidden="true">
          {verified ? '✓' : '?'}
        </span>
      )}
      <span class={compact ? 'visually-hidden' : undefined}>{label}</span>
    </span>
  );
}

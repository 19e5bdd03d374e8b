import type { VisitorRow, WidgetSettingsColumn } from '@parley/db';
import type { Visitor, WidgetSettings } from '@parley/protocol';

export const toVisitor = (v: VisitorRow): Visitor => ({ id: v.id, name: v.name, email: v.email, verified: v.verified });

/** Widget settings with defaults for fields older rows lack. */
export function toWidgetSettings(column: WidgetSettingsColumn): WidgetSettings {
  return {
    color: column.color,
    position: column.position,
    language: column.language,
    greeting: column.greeting,
    prechat: column.prechat ?? { name: 'optional', email: 'optional' },
    triggers: column.triggers ?? [],
    typingPreview: column.typingPreview ?? true,
    survey: column.survey ?? { nps: false, ces: false },
  };
}

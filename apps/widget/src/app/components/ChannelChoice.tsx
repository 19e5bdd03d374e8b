import type { Channel } from '@parley/protocol';
import { format, type Strings } from '../i18n.ts';

interface Props {
  channels: Channel[];
  value: string | null;
  t: Strings;
  onChange: (channelId: string) => void;
}

/** Channel (department) picker shown before the first message when a site has several. */
export function ChannelChoice({ channels, value, t, onChange }: Props) {
  return (
    <label class="channel">
      <span>{t.chooseChannel}</span>
      <select
        data-testid="parley-channel"
        value={value ?? ''}
        onChange={(event) => onChange(event.currentTarget.value)}
      >
        <option value="" disabled>
          {t.chooseChannelPrompt}
        </option>
        {channels.map((channel) => (
          <option key={channel.id} value={channel.id}>
            {channel.online ? channel.name : format(t.channelOffline, { name: channel.name })}
          </option>
        ))}
      </select>
    </label>
  );
}

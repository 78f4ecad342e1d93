/**
 * @module
 * "Canali di vendita" (issue 18): the connected PrestaShop, Amazon and eBay accounts with their
 * health, one opened for its links, refusals and settings, connecting a new one, and the orders
 * they brought in. Owners act; managers and viewers of every store read (the buttons are not
 * there); users limited to some stores do not get the page (see app.tsx).
 */
import type { HeadOfficeMe } from '@cassa/shared';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { hoClient } from '../api';
import { ErrorNote } from '../app';
import { useAsync } from '../use-async';
import { ConnectChannel } from './channels-connect';
import { ChannelDetail } from './channels-detail';
import { channelLabel } from './channels-format';
import { ChannelList } from './channels-list';
import { ChannelOrders } from './channels-orders';

export function ChannelsPage({ me }: { me: HeadOfficeMe }) {
  const { t } = useTranslation();
  const canWrite = me.role === 'owner';
  const channels = useAsync(() => hoClient.call('channels.list', {}), []);
  const stores = useAsync(() => hoClient.call('stores.list'), []);
  const [openId, setOpenId] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const list = channels.data ?? [];
  const open = list.find((c) => c.id === openId) ?? null;
  // The orders table reads again when the channels say more orders arrived.
  const ordersToken = list.map((c) => `${c.id}:${c.ordersToday}`).join(',');
  // Pushes, pulls and queues move on by themselves: an open page follows them.
  const { reload } = channels;
  useEffect(() => {
    const timer = window.setInterval(() => void reload(), 30_000);
    return () => window.clearInterval(timer);
  }, [reload]);
  return (
    <>
      <h1>{t('channels.title')}</h1>
      <p className="hint">{t('channels.intro')}</p>
      {!canWrite && <p className="hint">{t('channels.readOnly')}</p>}
      <ErrorNote message={channels.error ?? stores.error} />
      {notice && <p role="status" className="status">{notice}</p>}
      <ChannelList channels={list} stores={stores.data ?? []} openId={openId} onOpen={setOpenId} />
      {open && (
        <ChannelDetail
          key={open.id}
          channel={open}
          stores={stores.data ?? []}
          canWrite={canWrite}
          onChanged={channels.reload}
          onDisconnected={(name) => {
            setOpenId(null);
            setNotice(t('channels.disconnected', { name }));
          }}
        />
      )}
      {canWrite && (
        <ConnectChannel
          stores={stores.data ?? []}
          onConnected={(channel) => {
            setNotice(t('channels.connected', { name: channelLabel(channel) }));
            setOpenId(channel.id);
            void channels.reload();
          }}
        />
      )}
      <ChannelOrders channels={list} stores={stores.data ?? []} version={ordersToken} />
    </>
  );
}

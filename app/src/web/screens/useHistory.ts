/** The user's payments, newest first: the PSP's list merged with what the status socket brought since. */
import { useEffect, useMemo, useState } from 'preact/hooks';
import type { PaymentView } from '@switchyard/psp';
import { useApp } from '../appContext.ts';

export const useHistory = (): PaymentView[] => {
  const app = useApp();
  const [listed, setListed] = useState<PaymentView[]>([]);
  useEffect(() => {
    void app.client.listPayments(app.session, { limit: 50 }).then(
      (page) => setListed(page.payments),
      () => undefined,
    );
  }, [app.client, app.session]);
  return useMemo(() => {
    const byId = new Map(listed.map((payment) => [payment.txnId, payment]));
    for (const [txnId, payment] of app.payments) byId.set(txnId, payment);
    return [...byId.values()].sort((a, b) => b.createdAt.localeCompare(a.createdAt));
  }, [listed, app.payments]);
};

/**
 * The bench's payments: pre-sealed requests between the onboarded load payers (as an app builds them), and
 * each as the HTTP request the open-loop generator sends.
 */
import type { Onboarded } from '../demo/onboard.ts';
import type { PlannedPayment } from '../load/prepareLoad.ts';
import type { LoadRequest } from '../load/sendAtConstantRate.ts';

const askedAgainOn5xx = async <T>(ask: () => Promise<T>, attempts = 3): Promise<T> => {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await ask();
    } catch (error) {
      const status = (error as { status?: number }).status ?? 0;
      if (status < 500 || attempt >= attempts) throw error;
      await new Promise((resolve) => setTimeout(resolve, 1_000));
    }
  }
};

/**
 * `count` payment requests between the payers, each with its own txn id, idempotency key and creds sealed
 * for that txn id and amount. Payer i pays payer i + 1 + (i mod 5) an amount of ₹1–₹9 (`offset` shifts i,
 * so successive plans do not repeat the same pairs). Built a few at a time: each asks the PSP for the VPA,
 * and a PSP that fails that question (5xx: a busy server out of connections) is asked again, up to three
 * times — this is preparation, before anything is measured; the requests themselves are never retried.
 */
export const planPayments = async (
  onboarded: readonly Onboarded[],
  count: number,
  pin: string,
  offset = 0,
): Promise<PlannedPayment[]> => {
  const payments: PlannedPayment[] = [];
  for (let start = 0; start < count; start += 20) {
    const batch = Array.from({ length: Math.min(20, count - start) }, async (_, k) => {
      const i = offset + start + k;
      const payer = onboarded[i % onboarded.length];
      const payee = onboarded[(i + 1 + (i % 5)) % onboarded.length];
      const { body, idempotencyKey } = await askedAgainOn5xx(() =>
        payer.client.paymentRequest(payer.session, {
          payerVpa: payer.vpa,
          payeeVpa: payee.vpa,
          amount: `${1 + (i % 9)}.00`,
          pin,
          note: 'bench',
        }),
      );
      return {
        kind: 'ok' as const,
        txnId: String(body.txnId),
        pspUrl: payer.client.baseUrl,
        token: payer.session.token,
        deviceId: payer.session.deviceId,
        idempotencyKey,
        body,
      };
    });
    payments.push(...(await Promise.all(batch)));
  }
  return payments;
};

/** A planned payment as the HTTP request the app would send. */
export const paymentRequestOf = (p: PlannedPayment): LoadRequest => ({
  url: `${p.pspUrl}/v1/payments`,
  method: 'POST',
  headers: {
    'content-type': 'application/json',
    authorization: `Bearer ${p.token}`,
    'x-device-id': p.deviceId,
    'idempotency-key': p.idempotencyKey,
  },
  body: JSON.stringify(p.body),
});

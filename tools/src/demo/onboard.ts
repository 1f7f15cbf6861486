/**
 * Brings a customer onto the network the way the app does: registers at their PSP (the PSP's one-time code
 * read from the customer's phone), discovers the account at their bank, creates the VPA and sets the UPI PIN
 * with the debit card and the bank's one-time code (read from the phone too) — each step through the real
 * message flow, the PIN and the bank's code sealed for the bank by the app client. The one onboarding of the
 * demo, the load preparation and the end-to-end tests.
 */
import type { PhoneNetwork, PspClient, PspSession } from '@switchyard/app';
import type { DemoCustomer } from './demoCustomers.ts';

export type Onboarded = { customer: DemoCustomer; client: PspClient; session: PspSession; vpa: string };

export type OnboardOptions = {
  /** The phone network the customer's phone (their mobile number) reads one-time codes from. */
  phones: PhoneNetwork;
  /** Sets this UPI PIN when the account has none yet and the customer is ACTIVE (default: no PIN). */
  pin?: string;
  /**
   * A session from an earlier run (the demo keeps them): reused while the PSP still accepts it, and then
   * a VPA it already has is kept as it is.
   */
  session?: PspSession;
  /** The VPA's user name (default: the customer's `vpaUser`). */
  vpaUser?: string;
};

/** The user's VPAs, or undefined when the PSP no longer knows the session (its database was reset). */
const vpasOf = async (client: PspClient, session: PspSession): Promise<string[] | undefined> => {
  const answer = await client.request('GET', '/v1/vpas', { session });
  if (answer.status === 401) return undefined;
  return (answer.body as { vpas?: Array<{ vpa: string }> } | undefined)?.vpas?.map((v) => v.vpa) ?? [];
};

/**
 * Onboards `customer` at the PSP `client` talks to.
 * @throws PspClientError when a step is refused; Error when the bank does not list the customer's account
 */
export const onboard = async (
  client: PspClient,
  customer: DemoCustomer,
  options: OnboardOptions,
): Promise<Onboarded> => {
  const vpaUser = options.vpaUser ?? customer.vpaUser;
  let session = options.session;
  if (session) {
    const vpas = await vpasOf(client, session);
    const wanted = `${vpaUser}@${(await client.info()).handle}`;
    if (vpas === undefined) session = undefined;
    else if (vpas.includes(wanted)) return { customer, client, session, vpa: wanted };
  }
  // The phone listens before anything is sent to it: an SMS to a number nobody listens on is lost.
  const phone = await options.phones.inbox(customer.mobile);
  try {
    session ??= await client.register({ name: customer.name, mobile: customer.mobile }, () =>
      phone.nextCode(/register this phone/),
    );
    const account = (await client.discover(session, customer.ifsc)).find((a) => a.acNum === customer.acNum);
    if (!account)
      throw new Error(`${customer.name}: account ${customer.acNum} not found at ${customer.ifsc}`);
    const created = await client.createVpa(session, {
      username: vpaUser,
      acNum: customer.acNum,
      ifsc: customer.ifsc,
    });
    if (options.pin !== undefined && !account.pinSet && customer.status === 'ACTIVE') {
      await client.setPinWithCard(
        session,
        {
          vpa: created.vpa,
          newPin: options.pin,
          cardLast6: customer.cardLast6,
          cardExpiry: customer.cardExpiry,
        },
        () => phone.nextCode(/set the UPI PIN/),
      );
    }
    return { customer, client, session, vpa: created.vpa };
  } finally {
    await phone.close();
  }
};

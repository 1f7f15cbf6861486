/** The phone's notification area: the SMS that arrived on this number, newest first. */
import type { Sms } from './phone.ts';

export const SmsTray = ({ messages }: { messages: Sms[] }) => (
  <section class="sms" aria-label="SMS" data-testid="sms">
    {messages.length === 0 ? (
      <p class="quiet">No messages</p>
    ) : (
      messages.slice(0, 2).map((sms) => (
        <p class="sms-item" key={sms.sentAt + sms.text}>
          <b>{sms.from}</b> {sms.text}
        </p>
      ))
    )}
  </section>
);

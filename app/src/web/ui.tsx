/** Small pieces the screens share: an action with its busy and error state, money, a problem note. */
import { useState } from 'preact/hooks';
import type { ComponentChildren } from 'preact';
import { formatRupees } from '@switchyard/contracts/client';
import { requestProblem } from '../declines.ts';
import { PspClientError } from '../pspClient.ts';

/** ₹1,234.50 */
export const rupees = (paise: number): string => {
  const [whole, fraction] = formatRupees(paise).split('.');
  return `₹${Number(whole).toLocaleString('en-IN')}.${fraction}`;
};

/** A sentence for anything an action threw: the PSP's refusals through the decline table. */
const problemOf = (error: unknown): string =>
  error instanceof PspClientError
    ? requestProblem({
        code: error.code,
        upiCode: error.upiCode,
        message: error.message,
        status: error.status,
      })
    : error instanceof Error
      ? error.message
      : String(error);

/** Runs one action at a time; keeps its error as a sentence. */
export const useAction = () => {
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string>();
  /** Starts `action` (an event handler's work: nothing awaits it; its failure becomes `problem`). */
  const run = (action: () => Promise<void>): void => {
    setBusy(true);
    setProblem(undefined);
    action().then(
      () => setBusy(false),
      (error: unknown) => {
        setProblem(problemOf(error));
        setBusy(false);
      },
    );
  };
  return { busy, problem, setProblem, run };
};

export const Problem = ({ text }: { text: string | undefined }) =>
  text ? (
    <p class="problem" role="alert" data-testid="problem">
      {text}
    </p>
  ) : null;

export const Field = (props: { label: string; children: ComponentChildren; hint?: string }) => (
  <label class="field">
    <span>{props.label}</span>
    {props.children}
    {props.hint && <small>{props.hint}</small>}
  </label>
);

/** An input whose value is the component's state. */
export const Input = (props: {
  value: string;
  onInput: (value: string) => void;
  name: string;
  type?: 'text' | 'password';
  inputMode?: 'numeric' | 'decimal' | 'text';
  placeholder?: string;
  readOnly?: boolean;
  maxLength?: number;
  autoComplete?: string;
}) => {
  const common = {
    name: props.name,
    inputMode: props.inputMode,
    placeholder: props.placeholder,
    readOnly: props.readOnly,
    maxLength: props.maxLength,
    autoComplete: props.autoComplete ?? 'off',
    value: props.value,
    onInput: (event: Event) => props.onInput((event.target as HTMLInputElement).value),
  };
  return props.type === 'password' ? (
    <input type="password" {...common} />
  ) : (
    <input type="text" {...common} />
  );
};

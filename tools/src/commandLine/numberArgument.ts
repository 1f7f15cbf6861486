/** Commander parsers for numeric options: a clear error instead of a silent NaN. */
import { InvalidArgumentError } from 'commander';

/**
 * A parser accepting a number ≥ `min` (an integer when `integer`), for `.option(…, parser, default)`.
 * @throws InvalidArgumentError (commander prints it with the option's name and exits 1)
 */
export const numberArgument =
  (options: { min?: number; integer?: boolean } = {}) =>
  (text: string): number => {
    const value = Number(text);
    const min = options.min ?? 0;
    if (text.trim() === '' || !Number.isFinite(value) || value < min)
      throw new InvalidArgumentError(`expected a number ≥ ${min}, got "${text}".`);
    if (options.integer && !Number.isInteger(value))
      throw new InvalidArgumentError(`expected a whole number, got "${text}".`);
    return value;
  };

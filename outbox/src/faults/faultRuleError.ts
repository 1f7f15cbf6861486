/** A rule that cannot apply to this participant: the operator API answers 400 with this code. */
export class FaultRuleError extends Error {
  readonly code = 'FAULTS_ERR_INVALID_RULE';
  constructor(message: string) {
    super(message);
    this.name = 'FaultRuleError';
  }
}

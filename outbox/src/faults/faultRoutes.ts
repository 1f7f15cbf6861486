/**
 * The failure-injection part of a service's operator API, registered by each service's http/app.ts behind
 * its operator-key hook:
 *   GET    /v1/faults       the rules, with how many times each fired
 *   POST   /v1/faults       add a rule (FaultRuleInput) → 201 with the rule and its id
 *   DELETE /v1/faults/:id   remove one rule → 204 (404 when there is none)
 *   DELETE /v1/faults       remove every rule → 200 { removed }
 */
import type { FastifyInstance, onRequestAsyncHookHandler } from 'fastify';
import { Type } from 'typebox';
import type { FaultInjector } from './faultInjector.ts';
import { FaultRuleError } from './faultRuleError.ts';
import { FaultRuleInput, type FaultRuleList } from './faultRule.ts';

const IdParams = Type.Object({ id: Type.String({ pattern: '^f[0-9]{1,9}$' }) });

export const faultRoutes =
  /** @param operatorOnly the service's operator-key hook; omit it inside a scope that already has one */
  (faults: FaultInjector, operatorOnly?: onRequestAsyncHookHandler) =>
    async (app: FastifyInstance): Promise<void> => {
      if (operatorOnly) app.addHook('onRequest', operatorOnly);
      app.get('/v1/faults', async (): Promise<FaultRuleList> => ({
        participant: faults.participant,
        rules: faults.list(),
      }));
      app.post<{ Body: FaultRuleInput }>(
        '/v1/faults',
        { schema: { body: FaultRuleInput } },
        async (request, reply) => {
          try {
            return await reply.code(201).send(faults.add(request.body));
          } catch (error) {
            if (!(error instanceof FaultRuleError)) throw error;
            return reply.code(400).send({ code: error.code, message: error.message, requestId: request.id });
          }
        },
      );
      app.delete<{ Params: { id: string } }>(
        '/v1/faults/:id',
        { schema: { params: IdParams } },
        async (request, reply) => {
          if (faults.remove(request.params.id)) return reply.code(204).send();
          return reply.code(404).send({
            code: 'FAULTS_ERR_UNKNOWN_RULE',
            message: `no rule ${request.params.id}`,
            requestId: request.id,
          });
        },
      );
      app.delete('/v1/faults', async () => ({ removed: faults.clear() }));
    };

/**
 * The base URL of a participant's HTTP API: 127.0.0.1:<port> locally; inside docker-compose the
 * services are other hosts, given as SY_SERVICE_HOSTS=switch=switch,psp.zap=psp-zap,...
 */
import { toolSettings } from '../config.ts';

const hosts = toolSettings().serviceHosts;

export const serviceUrl = (participant: string, port: number): string =>
  `http://${hosts.get(participant) ?? '127.0.0.1'}:${port}`;

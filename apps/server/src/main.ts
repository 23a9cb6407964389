/**
 * The all-in-one entry (`npm start`): every role in one process unless ROLES says otherwise,
 * embedded storage unless DATABASE_URL is set, in-process bus unless NATS_URL is set.
 */
import 'reflect-metadata';
import { main } from '@mail/runtime';

void main();

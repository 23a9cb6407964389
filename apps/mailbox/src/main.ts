import 'reflect-metadata';
import { main } from '@mail/runtime';

void main(['mailbox']);

/** SendMail (MS-ASCMD 2.2.1.17): see compose/ for the request, the flow and the statuses. */
import { composeCommand } from '../compose/compose-command';

export const sendMail = composeCommand('SendMail');

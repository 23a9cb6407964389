/** SmartReply (MS-ASCMD 2.2.1.20): see compose/ for the request, the flow and the statuses. */
import { composeCommand } from '../compose/compose-command';

export const smartReply = composeCommand('SmartReply');

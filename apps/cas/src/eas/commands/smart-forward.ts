/** SmartForward (MS-ASCMD 2.2.1.19): see compose/ for the request, the flow and the statuses. */
import { composeCommand } from '../compose/compose-command';

export const smartForward = composeCommand('SmartForward');

import type { MessageKey } from '../zh-CN';
import { common } from './common';
import { account } from './account';
import { mail } from './mail';
import { callout } from './callout';
import { attendance } from './attendance';
import { team } from './team';
import { dashboard } from './dashboard';
import { calendar } from './calendar';
import { planning } from './planning';
import { workforce } from './workforce';
import { pay } from './pay';
import { career } from './career';
import { careerui } from './careerui';
import { counseling } from './counseling';
import { counselingui } from './counselingui';
import { wellbeing } from './wellbeing';
import { wellbeingui } from './wellbeingui';

/** Each file is typed against its zh-CN twin: a missing or extra key fails the type check. */
export const en: Record<MessageKey, string> = { ...common, ...account, ...mail, ...callout, ...attendance, ...team, ...dashboard, ...calendar, ...planning, ...workforce, ...pay, ...career, ...careerui, ...counseling, ...counselingui, ...wellbeing, ...wellbeingui };

/**
 * zh-CN is the source language: every key starts here, one file per domain, keys prefixed by
 * their domain so that no two files can define the same key. en/ mirrors this folder file by file.
 */
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

export const zhCN = { ...common, ...account, ...mail, ...callout, ...attendance, ...team, ...dashboard, ...calendar, ...planning, ...workforce, ...pay, ...career, ...careerui, ...counseling, ...counselingui, ...wellbeing, ...wellbeingui } as const;

export type MessageKey = keyof typeof zhCN;

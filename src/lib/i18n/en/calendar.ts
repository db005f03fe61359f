import type { calendar as source } from '../zh-CN/calendar';

export const calendar: Record<keyof typeof source, string> = {};

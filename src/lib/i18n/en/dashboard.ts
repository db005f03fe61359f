import type { dashboard as source } from '../zh-CN/dashboard';

export const dashboard: Record<keyof typeof source, string> = {};

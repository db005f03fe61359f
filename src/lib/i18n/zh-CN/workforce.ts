export const workforce = {} as const;

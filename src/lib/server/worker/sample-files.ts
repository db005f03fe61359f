/**
 * Import files made on the fly for tests and the bench: workers spread over the demo city's grids in
 * 城东区 (the demo HR user's district). No $lib imports, so the bench can load this file as it is.
 */
import ExcelJS from 'exceljs';
import { csvLine } from './csv';

/** Street, community and grid of every grid in 城东区 of the demo city. */
export const CHENGDONG_GRIDS: readonly [string, string, string][] = ['湖滨社区', '桃园社区', '新华社区', '光明社区'].flatMap((community) =>
  ['第一网格', '第二网格'].map((grid) => [community === '湖滨社区' || community === '桃园社区' ? '东湖街道' : '新华街道', community, grid] as [string, string, string])
);

export const WORKER_HEADER = ['姓名', '手机号', '邮箱', '街道', '社区', '网格', '岗位', '入职日期', '学历', '银行卡后四位', '离职日期', '离职原因'];
export const VOLUNTEER_HEADER = ['姓名', '手机号', '邮箱', '社区', '技能', '学历'];

const SURNAMES = '赵钱孙李周吴郑王冯陈褚卫蒋沈韩杨朱秦尤许何吕施张';
const GIVEN = ['晓明', '秀英', '建国', '桂兰', '志强', '玉梅', '国华', '海燕', '文军', '丽华', '德明', '春燕'];
const EDUCATION = ['大专', '本科', '高中', '中专', '硕士'];

/** `n` distinct mobile numbers starting with `prefix` (3 digits) from `start` on. */
export const phoneOf = (prefix: string, i: number) => `${prefix}${String(i).padStart(8, '0')}`;

/** Header + `n` valid worker rows; every tenth has left, with a reason. */
export function workerRows(n: number, opts: { phonePrefix?: string; start?: number } = {}): string[][] {
  const rows = [WORKER_HEADER];
  for (let i = 0; i < n; i++) {
    const [street, community, grid] = CHENGDONG_GRIDS[i % CHENGDONG_GRIDS.length]!;
    const year = 2015 + (i % 10);
    const hire = `${year}-${String(1 + (i % 12)).padStart(2, '0')}-${String(1 + (i % 28)).padStart(2, '0')}`;
    const left = i % 10 === 9;
    rows.push([
      `${SURNAMES[i % SURNAMES.length]}${GIVEN[(i * 7) % GIVEN.length]}${i}`,
      phoneOf(opts.phonePrefix ?? '186', (opts.start ?? 0) + i),
      i % 3 === 0 ? `w${opts.phonePrefix ?? '186'}-${(opts.start ?? 0) + i}@example.cn` : '',
      street, community, grid,
      i % 50 === 0 ? '网格长' : '网格员',
      hire,
      EDUCATION[i % EDUCATION.length]!,
      String(1000 + (i % 9000)),
      left ? `${year + 1}-06-30` : '',
      left ? '个人原因' : ''
    ]);
  }
  return rows;
}

/** Header + `n` valid volunteer rows over 城东区's communities. */
export function volunteerRows(n: number, opts: { phonePrefix?: string; start?: number } = {}): string[][] {
  const rows = [VOLUNTEER_HEADER];
  for (let i = 0; i < n; i++) {
    const community = CHENGDONG_GRIDS[(i * 2) % CHENGDONG_GRIDS.length]![1];
    rows.push([
      `${SURNAMES[(i * 3) % SURNAMES.length]}${GIVEN[i % GIVEN.length]}${i}`,
      phoneOf(opts.phonePrefix ?? '187', (opts.start ?? 0) + i),
      '',
      community,
      i % 2 ? '急救、家电维修' : '',
      i % 4 ? '' : '本科'
    ]);
  }
  return rows;
}

/** CSV as Excel in Chinese writes "CSV UTF-8": with a BOM and CRLF line ends. */
export function toCsv(rows: string[][]): Buffer {
  return Buffer.from(`\uFEFF${rows.map(csvLine).join('\r\n')}\r\n`, 'utf8');
}

/** An .xlsx whose first sheet holds the rows as text cells. */
export async function toXlsx(rows: string[][]): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('网格员');
  for (const r of rows) sheet.addRow(r);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/** ESE error categories as the engine's table names them (JET_errcat* without the prefix). */
export type JetErrorCategoryName =
  | 'Unknown'
  | 'Error'
  | 'Operation'
  | 'Fatal'
  | 'IO'
  | 'Resource'
  | 'Memory'
  | 'Quota'
  | 'Disk'
  | 'Data'
  | 'Corruption'
  | 'Inconsistent'
  | 'Fragmentation'
  | 'Api'
  | 'Usage'
  | 'State'
  | 'Obsolete';

/** Which header an HRESULT comes from. */
export type HResultFamily = 'vss' | 'filehistory' | 'winerror';

export type EsentRow = readonly [
  symbol: string,
  value: number,
  kind: 'e' | 'w',
  category: JetErrorCategoryName,
  status: 'x' | 'o' | 'i',
  description: string,
];
export type HResultRow = readonly [symbol: string, hr: number, family: HResultFamily, description: string];
export type Win32Row = readonly [symbol: string, value: number];
export type FhStateRow = readonly [symbol: string, value: number, description: string];

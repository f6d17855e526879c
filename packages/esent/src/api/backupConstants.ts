// Progress callback constants (spec: JET_SNP.md, JET_SNT.md).
export const JET_snpRepair = 2;
export const JET_snpCompact = 4;
export const JET_snpRestore = 8;
export const JET_snpBackup = 9;
export const JET_sntProgress = 0;
export const JET_sntFail = 3;
export const JET_sntBegin = 5;
export const JET_sntComplete = 6;

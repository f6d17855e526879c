// IFhTarget for the default target. spec: filehistory/IFhTarget-*.md
import { E_INVALIDARG, hresultError } from '@winbackup/errors';
import { FH_DRIVE_FIXED, FH_TARGET_DRIVE_TYPE, FH_TARGET_NAME, FH_TARGET_URL, type FH_TARGET_PROPERTY_TYPE } from '../../api/enums.js';
import type { IFhTarget } from '../../api/fhcfg.js';
import { requireEnum } from '../../validate/args.js';

export class FhTarget implements IFhTarget {
  constructor(
    private readonly url: string,
    private readonly name: string,
  ) {}

  /** Only the string properties (NAME, URL); DRIVE_TYPE is numeric, so it is E_INVALIDARG here. */
  GetStringProperty(PropertyType: FH_TARGET_PROPERTY_TYPE): Promise<string> {
    const t = requireEnum(PropertyType, 'PropertyType');
    if (t === FH_TARGET_NAME) return Promise.resolve(this.name);
    if (t === FH_TARGET_URL) return Promise.resolve(this.url);
    return Promise.reject(hresultError(E_INVALIDARG, { context: 'GetStringProperty' }));
  }

  /** DRIVE_TYPE only. A folder on a local file system is what Windows calls a fixed drive. */
  GetNumericalProperty(PropertyType: FH_TARGET_PROPERTY_TYPE): Promise<bigint> {
    const t = requireEnum(PropertyType, 'PropertyType');
    if (t === FH_TARGET_DRIVE_TYPE) return Promise.resolve(BigInt(FH_DRIVE_FIXED));
    return Promise.reject(hresultError(E_INVALIDARG, { context: 'GetNumericalProperty' }));
  }
}

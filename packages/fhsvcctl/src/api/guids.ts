// Class and interface identifiers from fhcfg.h. SEMANTICS.md §3.
export const CLSID_FhConfigMgr = 'ed43bb3c-09e9-498a-9df6-2177244c6db4';
export const CLSID_FhReassociation = '4d728e35-16fa-4320-9e8b-bfd7100a8846';
export const IID_IFhConfigMgr = '6a5fea5b-bf8f-4ee5-b8c3-44d8a0d7331c';
export const IID_IFhTarget = 'd87965fd-2bad-4657-bd3b-9567eb300ced';
export const IID_IFhScopeIterator = '3197abce-532a-44c6-8615-f3666566a720';
export const IID_IFhReassociation = '6544a28a-f68d-47ac-91ef-16b2b36aa3ee';

/**
 * KNOWNFOLDERIDs the default File History scope names (written `*{guid}` in rules, as Windows does).
 * @see https://learn.microsoft.com/en-us/windows/win32/api/fhcfg/nf-fhcfg-ifhconfigmgr-addremoveexcluderule
 */
export const FOLDERID_Desktop = 'b4bfcc3a-db2c-424c-b029-7fe99a87c641';
export const FOLDERID_Contacts = '56784854-c6cb-462b-8169-88e350acb882';
export const FOLDERID_Favorites = '1777f761-68ad-4d8a-87bd-30b759fa33dd';
export const FOLDERID_DocumentsLibrary = '7b0db17d-9cd2-4a93-9733-46cc89022e7c';
export const FOLDERID_MusicLibrary = '2112ab0a-c86a-4ffe-a368-0de96e47012e';
export const FOLDERID_PicturesLibrary = 'a990ae9f-a03b-4e80-94bc-9912d7504104';
export const FOLDERID_VideosLibrary = '491e922f-5643-4af4-a7eb-4e7a138d8174';

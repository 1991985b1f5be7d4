import { DisclosureDocument } from './disclosure.document';

export function disclosureView({ _id, ...rest }: DisclosureDocument) {
  return { id: _id, ...rest };
}

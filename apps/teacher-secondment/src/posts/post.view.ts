import { PostDocument } from './post.document';

export function postView({ _id, ...post }: PostDocument) {
  return { id: _id, ...post };
}

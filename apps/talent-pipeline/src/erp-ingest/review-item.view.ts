import { ReviewItemDocument, reviewItemId } from './review-queue.repository';

export function reviewItemView({ _id, ...item }: ReviewItemDocument) {
  return { id: reviewItemId(_id), key: _id, ...item };
}

/**
 * The benchmark's stock peer: a NestJS microservice on @nestjs/microservices' ServerKafka with
 * mongoose, doing the talent pipeline's hire work (tools/bench/downstream.ts starts it).
 * Environment: PEER_KAFKA_BROKERS, PEER_MONGO_URI, PEER_TOPIC, PEER_GROUP_ID, PEER_CONCURRENCY.
 */
import 'reflect-metadata';
import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { MicroserviceOptions, Transport } from '@nestjs/microservices';
import { MongooseModule } from '@nestjs/mongoose';
import { PeerHireController } from './peer-hire.controller';
import { PeerOutcomeSchema, PeerPlacementSchema, ProcessedEventSchema } from './peer-hire.schemas';

@Module({
  imports: [
    MongooseModule.forRoot(process.env.PEER_MONGO_URI ?? 'mongodb://127.0.0.1:27017/peer'),
    MongooseModule.forFeature([
      { name: 'Placement', schema: PeerPlacementSchema, collection: 'placements' },
      { name: 'ProcessedEvent', schema: ProcessedEventSchema, collection: 'processed_events' },
      { name: 'Outcome', schema: PeerOutcomeSchema, collection: 'outcomes' },
    ]),
  ],
  controllers: [PeerHireController],
})
class PeerModule {}

async function main(): Promise<void> {
  const app = await NestFactory.createMicroservice<MicroserviceOptions>(PeerModule, {
    transport: Transport.KAFKA,
    options: {
      client: { clientId: 'bench-peer', brokers: (process.env.PEER_KAFKA_BROKERS ?? '127.0.0.1:9092').split(',') },
      consumer: { groupId: process.env.PEER_GROUP_ID ?? 'bench-peer', allowAutoTopicCreation: false },
      subscribe: { fromBeginning: true },
      run: { partitionsConsumedConcurrently: Number(process.env.PEER_CONCURRENCY ?? 3) },
    },
    logger: ['error', 'warn'],
  });
  await app.listen();
  process.stdout.write('peer ready\n');
  const stop = () => void app.close().then(() => process.exit(0));
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

void main();

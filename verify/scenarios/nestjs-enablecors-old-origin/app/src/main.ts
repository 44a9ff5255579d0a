// Broken on purpose: the allowed origin is the old dev server's.
import { NestFactory } from '@nestjs/core';
import { AppModule } from './app.module.js';

async function bootstrap(): Promise<void> {
  const app = await NestFactory.create(AppModule, { logger: false });
  app.enableCors({ origin: 'http://localhost:3000' });
  await app.listen(Number(process.env.PORT ?? 3000));
}

void bootstrap();

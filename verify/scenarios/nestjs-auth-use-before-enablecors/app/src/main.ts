// Broken on purpose: a global auth middleware is mounted before enableCors().
import { NestFactory } from '@nestjs/core';
import { AppModule } from './app.module.js';

interface Req { headers: Record<string, string | string[] | undefined>; url: string }
interface Res { status(code: number): { json(body: unknown): void } }

async function bootstrap(): Promise<void> {
  const app = await NestFactory.create(AppModule, { logger: false });
  app.use((req: Req, res: Res, next: () => void) => {
    if (req.url.startsWith('/api/private') && req.headers.authorization !== 'Bearer s3cret') {
      res.status(401).json({ error: 'unauthorized' });
      return;
    }
    next();
  });
  app.enableCors({
    origin: ['http://localhost:5173'],
    methods: ['GET', 'PUT'],
    allowedHeaders: ['Content-Type', 'Authorization'],
  });
  await app.listen(Number(process.env.PORT ?? 3000));
}

void bootstrap();

FROM python:3.11-slim
WORKDIR /srv
COPY pyproject.toml README.md ./
COPY app app
COPY schema schema
COPY resolvers resolvers
COPY models models
COPY jobs jobs
COPY integrations integrations
COPY migrations migrations
RUN pip install --no-cache-dir .
ENV EZRE_ENV=production
EXPOSE 8000
CMD ["ezre", "serve", "--host", "0.0.0.0", "--port", "8000"]

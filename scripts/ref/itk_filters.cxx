// Reference values of ITK's LaplacianRecursiveGaussianImageFilter (NormalizeAcrossScale on, as PyRadiomics/SimpleITK
// use it) and GradientMagnitudeImageFilter on a raw float32 volume (x fastest).
// Usage: itk_filters in.f32 nx ny nz sx sy sz sigma out_log.f32 out_grad.f32
#include "itkImage.h"
#include "itkLaplacianRecursiveGaussianImageFilter.h"
#include "itkGradientMagnitudeImageFilter.h"
#include <cstdio>
#include <cstdlib>
#include <vector>

using ImageType = itk::Image<float, 3>;

static void write(const char * path, ImageType * im, size_t n) {
  FILE * f = std::fopen(path, "wb");
  std::fwrite(im->GetBufferPointer(), sizeof(float), n, f);
  std::fclose(f);
}

int main(int argc, char ** argv) {
  if (argc != 11) { std::fprintf(stderr, "usage\n"); return 2; }
  ImageType::SizeType size = {{(itk::SizeValueType)std::atol(argv[2]), (itk::SizeValueType)std::atol(argv[3]),
                               (itk::SizeValueType)std::atol(argv[4])}};
  size_t n = size[0] * size[1] * size[2];
  auto image = ImageType::New();
  image->SetRegions(ImageType::RegionType(size));
  ImageType::SpacingType sp;
  for (int d = 0; d < 3; d++) sp[d] = std::atof(argv[5 + d]);
  image->SetSpacing(sp);
  image->Allocate();
  FILE * f = std::fopen(argv[1], "rb");
  if (std::fread(image->GetBufferPointer(), sizeof(float), n, f) != n) return 3;
  std::fclose(f);
  auto log = itk::LaplacianRecursiveGaussianImageFilter<ImageType, ImageType>::New();
  log->SetInput(image);
  log->SetNormalizeAcrossScale(true);
  log->SetSigma(std::atof(argv[8]));
  log->Update();
  write(argv[9], log->GetOutput(), n);
  auto grad = itk::GradientMagnitudeImageFilter<ImageType, ImageType>::New();
  grad->SetInput(image);
  grad->SetUseImageSpacing(true);
  grad->Update();
  write(argv[10], grad->GetOutput(), n);
  return 0;
}
